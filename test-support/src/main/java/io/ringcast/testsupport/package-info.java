/**
 * Test support shared by every module: {@link io.ringcast.testsupport.Await} (wait on a condition, not on time),
 * {@link io.ringcast.testsupport.Externals} (external programs from Debian packages),
 * {@link io.ringcast.testsupport.RedisServer} (a real redis-server), {@link io.ringcast.testsupport.Ports} and
 * {@link io.ringcast.testsupport.PackageCycles} (the package-structure check each module runs on itself).
 */
package io.ringcast.testsupport;
