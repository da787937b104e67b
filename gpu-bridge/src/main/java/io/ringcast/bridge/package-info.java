/**
 * The GPU bridge: worker protocol, batching client, provider flow control and selection, the reference worker and Redis
 * discovery (issue 3).
 */
package io.ringcast.bridge;
