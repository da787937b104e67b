package io.ringcast.gateway.connection;

import io.ringcast.engine.Priority;
import io.ringcast.engine.QueueLevel;
import io.ringcast.engine.Stream;
import io.ringcast.engine.StreamState;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Stream} for {@link ProtocolHandler} alone: records what the handler asks of it; has no utterances unless a
 * speak starts one.
 */
final class FakeStream implements Stream
{
    final List<String> sent = new ArrayList<>();
    final Connection connection;
    int speakResult = 1;
    int speaks;

    FakeStream(final Connection connection)
    {
        this.connection = connection;
    }

    @Override
    public long id()
    {
        return 1;
    }

    @Override
    public Object attachment()
    {
        return connection;
    }

    @Override
    public StreamState state()
    {
        return StreamState.CONNECTED;
    }

    @Override
    public QueueLevel level()
    {
        return QueueLevel.NORMAL;
    }

    @Override
    public boolean sendText(final Priority priority, final String text)
    {
        return sent.add(text);
    }

    @Override
    public int speak(final String clientId, final Priority priority)
    {
        speaks++;
        return speakResult;
    }

    @Override
    public void pause(final String clientId)
    {
    }

    @Override
    public void resume(final String clientId)
    {
    }

    @Override
    public boolean paused()
    {
        return false;
    }

    @Override
    public int cancel(final String clientId)
    {
        return -1;
    }

    @Override
    public boolean abandon(final String clientId)
    {
        return false;
    }

    @Override
    public boolean hasUtterance(final String clientId)
    {
        return false;
    }

    @Override
    public boolean subscribe(final String topic)
    {
        return true;
    }

    @Override
    public boolean unsubscribe(final String topic)
    {
        return true;
    }

    @Override
    public int subscriptions()
    {
        return 0;
    }

    @Override
    public long nanoTime()
    {
        return 0;
    }

    @Override
    public long scheduleTimer(final long deadlineNanos, final long token)
    {
        return -1;
    }

    @Override
    public boolean cancelTimer(final long timerId)
    {
        return false;
    }

    @Override
    public void close(final int code, final String reason)
    {
    }
}
