/**
 * Real-time scheduling of the threads a listener's schedule depends on ({@code realtime_priority}).
 */
package io.ringcast.gateway.realtime;
