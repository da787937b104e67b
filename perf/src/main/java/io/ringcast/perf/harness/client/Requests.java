package io.ringcast.perf.harness.client;

/**
 * The client-to-server text messages of docs/protocol.md, as JSON strings. Ids, topics and texts passed here
 * are the harness's own (ASCII letters, digits, spaces, {@code .-_}), so no escaping is needed.
 */
public final class Requests
{
    private Requests()
    {
    }

    /** @return {@code speak}. */
    public static String speak(final String id, final String text)
    {
        return "{\"type\":\"speak\",\"id\":\"" + id + "\",\"text\":\"" + text + "\"}";
    }

    /** @return {@code pause} for an utterance. */
    public static String pause(final String id)
    {
        return "{\"type\":\"pause\",\"id\":\"" + id + "\"}";
    }

    /** @return {@code resume} for an utterance. */
    public static String resume(final String id)
    {
        return "{\"type\":\"resume\",\"id\":\"" + id + "\"}";
    }

    /** @return {@code cancel}. */
    public static String cancel(final String id)
    {
        return "{\"type\":\"cancel\",\"id\":\"" + id + "\"}";
    }

    /** @return {@code ping} carrying t. */
    public static String ping(final long t)
    {
        return "{\"type\":\"ping\",\"t\":" + t + "}";
    }

    /** @return {@code subscribe} to one topic. */
    public static String subscribe(final String topic)
    {
        return "{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}";
    }

    /**
     * @param topic    the topic.
     * @param dataJson the data, already JSON.
     * @param priority critical, important or bulk.
     * @return {@code publish}.
     */
    public static String publish(final String topic, final String dataJson, final String priority)
    {
        return "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"priority\":\"" + priority + "\",\"data\":" +
            dataJson + "}";
    }

    /**
     * @param chars how many characters.
     * @return a speakable ASCII text of that length.
     */
    public static String text(final int chars)
    {
        final String words = "ringcast streams speech to many listeners at once ";
        final StringBuilder b = new StringBuilder(chars);
        while (b.length() < chars)
        {
            b.append(words, 0, Math.min(words.length(), chars - b.length()));
        }
        // No leading or trailing blank: some servers trim.
        b.setCharAt(0, 'r');
        b.setCharAt(chars - 1, 'x');
        return b.toString();
    }
}
