package io.ringcast.engine.support;

import io.ringcast.engine.Priority;
import io.ringcast.engine.Stream;
import io.ringcast.engine.StreamHandler;
import io.ringcast.engine.StreamState;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real {@link StreamHandler} for tests: inbound messages are commands ("speak:ID", "pause",
 * "resume", "cancel:ID", "sub:TOPIC") run on the group thread, as the gateway's handler does; state
 * changes are recorded.
 */
public final class Commands implements StreamHandler
{
    /** A recorded state change. */
    public record Change(long stream, StreamState state, String reason)
    {
    }

    /** State changes seen, in order. */
    public final List<Change> changes = new CopyOnWriteArrayList<>();
    /** Utterance numbers returned by speak, in order. */
    public final List<Integer> utterances = new CopyOnWriteArrayList<>();
    /** Timers that fired: token and how late, in nanoseconds. */
    public final List<long[]> timers = new CopyOnWriteArrayList<>();
    /** True while a "block" command holds the group thread. */
    public volatile boolean blocking;
    private final AtomicInteger handled = new AtomicInteger();
    private final Map<Long, Long> deadlines = new ConcurrentHashMap<>();

    @Override
    public void onMessage(final Stream stream, final Object message)
    {
        final String command = (String)message;
        final int colon = command.indexOf(':');
        final String verb = colon < 0 ? command : command.substring(0, colon);
        final String arg = colon < 0 ? null : command.substring(colon + 1);
        switch (verb)
        {
            case "speak" -> utterances.add(stream.speak(arg, Priority.IMPORTANT));
            case "pause" -> stream.pause(arg);
            case "resume" -> stream.resume(arg);
            case "cancel" -> stream.cancel(arg);
            case "sub" -> stream.subscribe(arg);
            case "block" -> sleep(Long.parseLong(arg));
            case "timer" ->
            {
                final long deadline = stream.nanoTime() + Long.parseLong(arg) * 1_000_000L;
                deadlines.put((long)timers.size() + deadlines.size(), deadline);
                stream.scheduleTimer(deadline, deadlines.size() - 1);
            }
            case "timer-cancelled" ->
                stream.cancelTimer(stream.scheduleTimer(stream.nanoTime() + Long.parseLong(arg) * 1_000_000L, 99));
            default -> throw new IllegalArgumentException("unknown test command " + command);
        }
        handled.incrementAndGet();
    }

    @Override
    public void onTimer(final Stream stream, final long token, final long now)
    {
        timers.add(new long[]{token, now - deadlines.getOrDefault(token, now)});
    }

    @Override
    public void onStateChanged(final Stream stream, final StreamState state, final String reason)
    {
        changes.add(new Change(stream.id(), state, reason));
    }

    /** @return inbound commands handled so far. */
    public int handled()
    {
        return handled.get();
    }

    /** @return true if the stream reached that state. */
    public boolean reached(final long stream, final StreamState state)
    {
        return changes.stream().anyMatch(c -> c.stream() == stream && c.state() == state);
    }

    private void sleep(final long millis)
    {
        blocking = true;
        try
        {
            Thread.sleep(millis); // the handler blocks: the behaviour tested
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            blocking = false;
        }
    }
}
