/**
 * The Redis worker registry's layout ({@link io.ringcast.bridge.registry.WorkerRegistry}) and a worker's heartbeat
 * in it ({@link io.ringcast.bridge.registry.RedisRegistration}): shared by the worker, which writes its key, and
 * discovery, which reads the keys, without either package depending on the other.
 */
package io.ringcast.bridge.registry;
