/**
 * The load harness and the engine's JMH benchmarks.
 */
package io.ringcast.perf;
