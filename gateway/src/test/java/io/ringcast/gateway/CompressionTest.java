package io.ringcast.gateway;

import io.ringcast.gateway.support.Gateways;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * permessage-deflate on a raw socket (the JDK client cannot offer it): text messages arrive compressed
 * (RSV1 set) and inflate to the protocol's JSON; audio frames arrive uncompressed (RSV1 clear).
 */
@Tag("integration")
class CompressionTest
{
    private record Frame(boolean rsv1, int opcode, byte[] payload)
    {
    }

    @Test
    void shouldCompressTextButNeverAudio() throws Exception
    {
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().compression(6).build());
            Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(5_000);
            final OutputStream out = socket.getOutputStream();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) +
                "\r\nSec-WebSocket-Version: 13\r\n" +
                "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final String response = readHeaders(in);
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            assertTrue(response.toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), response);

            final Inflater inflater = new Inflater(true);
            final Frame ready = readFrame(in);
            assertTrue(ready.rsv1(), "text messages are compressed");
            assertTrue(inflate(inflater, ready.payload()).contains("\"type\":\"ready\""));

            sendText(out, "{\"type\":\"speak\",\"id\":\"z\",\"text\":\"compressed or not\"}");
            int audio = 0;
            boolean end = false;
            while (!end)
            {
                final Frame f = readFrame(in);
                if (f.opcode() == 2)
                {
                    audio++;
                    assertFalse(f.rsv1(), "audio is never compressed");
                    assertEquals(1, f.payload()[0], "kind 1: a raw audio frame");
                    final boolean last = (f.payload()[1] & 1) != 0;
                    assertTrue(f.payload().length == 20 + 640 || last && f.payload().length <= 20 + 640,
                        "header and PCM, uncompressed: " + f.payload().length + " bytes");
                }
                else
                {
                    assertTrue(f.rsv1());
                    end = inflate(inflater, f.payload()).contains("\"type\":\"audio_end\"");
                }
            }
            assertTrue(audio > 10);
        }
    }

    private static String readHeaders(final DataInputStream in) throws IOException
    {
        final StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n"))
        {
            b.append((char)in.readUnsignedByte());
        }
        return b.toString();
    }

    private static Frame readFrame(final DataInputStream in) throws IOException
    {
        final int b0 = in.readUnsignedByte();
        final int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126)
        {
            len = in.readUnsignedShort();
        }
        else if (len == 127)
        {
            len = in.readLong();
        }
        final byte[] payload = new byte[(int)len];
        in.readFully(payload);
        assertTrue((b0 & 0x80) != 0, "whole messages, one frame each");
        return new Frame((b0 & 0x40) != 0, b0 & 0x0F, payload);
    }

    private static String inflate(final Inflater inflater, final byte[] compressed) throws DataFormatException
    {
        final byte[] input = new byte[compressed.length + 4];
        System.arraycopy(compressed, 0, input, 0, compressed.length);
        input[compressed.length + 2] = (byte)0xFF; // RFC 7692: append 00 00 FF FF before inflating
        input[compressed.length + 3] = (byte)0xFF;
        inflater.setInput(input);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buf = new byte[4096];
        int n;
        while ((n = inflater.inflate(buf)) > 0)
        {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void sendText(final OutputStream out, final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final byte[] mask = {1, 2, 3, 4};
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length); // clients mask; these messages are under 126 bytes
        frame.write(mask);
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }
}
