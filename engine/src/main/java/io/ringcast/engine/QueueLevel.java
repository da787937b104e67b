package io.ringcast.engine;

/** Fill level of a stream's outbound queue, by the larger of its message and byte fill. */
public enum QueueLevel
{
    /** At or below the backpressure threshold. */
    NORMAL,
    /** Above the backpressure threshold (0.7 by default): the client is told. */
    HIGH,
    /** Above the drop-bulk threshold (0.9 by default): BULK is refused at admission. */
    CRITICAL
}
