package io.ringcast.engine.ring;

import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.StreamSink;

import java.nio.ByteBuffer;

/**
 * A pre-allocated, reused ring slot. A producer fills it between claim and publish through the one writer of its
 * {@link Kind} (as a Disruptor {@code EventTranslator} would, without a lambda or boxing per publish); the group
 * thread reads the fields of that kind only, once, and {@link #clear()}s the references so a slot never keeps a
 * payload alive. Every field means one thing, for the kinds named on its reader.
 */
public final class Envelope
{
    /** What an envelope carries, and so which of its readers mean something. */
    public enum Kind
    {
        /** Open a stream: {@link #sink()}, {@link #attachment()}. */
        OPEN,
        /** Close a stream: {@link #closeCode()}, {@link #reason()}. */
        CLOSE,
        /** An inbound message for the handler: {@link #message()}. */
        INBOUND,
        /** A text message to queue for one stream: {@link #text()}. */
        SEND,
        /** A chunk of audio: {@link #utterance()}, {@link #pcmArray()} or {@link #pcmBuffer()}, {@link #chunk()}. */
        AUDIO,
        /** A topic message for every subscriber of the group: {@link #topic()}, {@link #encoded()}. */
        TOPIC,
        /** A text message to every stream of the group: {@link #text()}. */
        BROADCAST
    }

    private Kind kind;
    private long streamId;
    private long publishNanos;
    private StreamSink sink;
    private Object attachment;
    private int closeCode;
    private String reason;
    private Object message;
    private String text;
    private int utterance;
    private byte[] pcmArray;
    private ByteBuffer pcmBuffer;
    private int offset;
    private int length;
    private AudioChunk chunk;
    private String topic;
    private String encoded;

    /**
     * Writer of {@link Kind#OPEN}.
     *
     * @param streamId   the new stream.
     * @param sink       its way out.
     * @param attachment the owner's object for it.
     */
    public void open(final long streamId, final StreamSink sink, final Object attachment)
    {
        this.kind = Kind.OPEN;
        this.streamId = streamId;
        this.sink = sink;
        this.attachment = attachment;
    }

    /**
     * Writer of {@link Kind#CLOSE}.
     *
     * @param streamId the stream.
     * @param code     WebSocket close code.
     * @param reason   short reason.
     */
    public void close(final long streamId, final int code, final String reason)
    {
        this.kind = Kind.CLOSE;
        this.streamId = streamId;
        this.closeCode = code;
        this.reason = reason;
    }

    /**
     * Writer of {@link Kind#INBOUND}.
     *
     * @param streamId the stream it came from.
     * @param message  anything the handler understands.
     */
    public void inbound(final long streamId, final Object message)
    {
        this.kind = Kind.INBOUND;
        this.streamId = streamId;
        this.message = message;
    }

    /**
     * Writer of {@link Kind#SEND}.
     *
     * @param streamId the stream.
     * @param text     the complete message.
     */
    public void send(final long streamId, final String text)
    {
        this.kind = Kind.SEND;
        this.streamId = streamId;
        this.text = text;
    }

    /**
     * Writer of {@link Kind#AUDIO} from an array: the whole array is the chunk.
     *
     * @param streamId  the stream.
     * @param utterance utterance number.
     * @param pcm       the chunk's PCM; read later on the group thread.
     * @param chunk     what follows it.
     */
    public void audio(final long streamId, final int utterance, final byte[] pcm, final AudioChunk chunk)
    {
        audio(streamId, utterance, pcm, null, 0, pcm.length, chunk);
    }

    /**
     * Writer of {@link Kind#AUDIO} from a buffer: its bytes from position to limit, read later at absolute positions.
     *
     * @param streamId  the stream.
     * @param utterance utterance number.
     * @param pcm       the chunk's PCM.
     * @param chunk     what follows it.
     */
    public void audio(final long streamId, final int utterance, final ByteBuffer pcm, final AudioChunk chunk)
    {
        audio(streamId, utterance, null, pcm, pcm.position(), pcm.remaining(), chunk);
    }

    private void audio(final long streamId, final int utterance, final byte[] array, final ByteBuffer buffer,
        final int offset, final int length, final AudioChunk chunk)
    {
        this.kind = Kind.AUDIO;
        this.streamId = streamId;
        this.utterance = utterance;
        this.pcmArray = array;
        this.pcmBuffer = buffer;
        this.offset = offset;
        this.length = length;
        this.chunk = chunk;
    }

    /**
     * Writer of {@link Kind#TOPIC}; a topic message goes to a whole group, so it has no stream.
     *
     * @param topic   the topic.
     * @param encoded the message's shared pre-encoded part.
     */
    public void topic(final String topic, final String encoded)
    {
        this.kind = Kind.TOPIC;
        this.streamId = 0;
        this.topic = topic;
        this.encoded = encoded;
    }

    /**
     * Writer of {@link Kind#BROADCAST}; it goes to a whole group, so it has no stream.
     *
     * @param text the complete message.
     */
    public void broadcast(final String text)
    {
        this.kind = Kind.BROADCAST;
        this.streamId = 0;
        this.text = text;
    }

    /** @param nanos the engine clock when the producer published it (set last, by whoever publishes). */
    public void publishNanos(final long nanos)
    {
        this.publishNanos = nanos;
    }

    /** Drop references once the event is handled. */
    public void clear()
    {
        sink = null;
        attachment = null;
        reason = null;
        message = null;
        text = null;
        pcmArray = null;
        pcmBuffer = null;
        chunk = null;
        topic = null;
        encoded = null;
    }

    /** @return which writer filled it. */
    public Kind kind()
    {
        return kind;
    }

    /** @return every kind but TOPIC and BROADCAST: the stream it is for. */
    public long streamId()
    {
        return streamId;
    }

    /** @return when it was published, on the engine clock. */
    public long publishNanos()
    {
        return publishNanos;
    }

    /** @return OPEN: the stream's sink. */
    public StreamSink sink()
    {
        return sink;
    }

    /** @return OPEN: the owner's object for the stream. */
    public Object attachment()
    {
        return attachment;
    }

    /** @return CLOSE: the WebSocket close code. */
    public int closeCode()
    {
        return closeCode;
    }

    /** @return CLOSE: the close reason. */
    public String reason()
    {
        return reason;
    }

    /** @return INBOUND: the message for the handler. */
    public Object message()
    {
        return message;
    }

    /** @return SEND and BROADCAST: the complete text message. */
    public String text()
    {
        return text;
    }

    /** @return AUDIO: the utterance number. */
    public int utterance()
    {
        return utterance;
    }

    /** @return AUDIO: the array holding the chunk, or null when it came in a buffer. */
    public byte[] pcmArray()
    {
        return pcmArray;
    }

    /** @return AUDIO: the buffer holding the chunk, or null when it came in an array. */
    public ByteBuffer pcmBuffer()
    {
        return pcmBuffer;
    }

    /** @return AUDIO: where the chunk starts in its array or buffer. */
    public int offset()
    {
        return offset;
    }

    /** @return AUDIO: the chunk's bytes. */
    public int length()
    {
        return length;
    }

    /** @return AUDIO: what follows the chunk. */
    public AudioChunk chunk()
    {
        return chunk;
    }

    /** @return TOPIC: the topic. */
    public String topic()
    {
        return topic;
    }

    /** @return TOPIC: the message's shared pre-encoded part. */
    public String encoded()
    {
        return encoded;
    }
}
