package io.ringcast.gateway.rfc6455;

import io.ringcast.gateway.support.RawFrames;
import io.ringcast.gateway.support.TestGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A close frame cut short by the client's FIN (its header, then part of its payload or none): the server
 * fails the connection with 1002 and closes the socket once that frame is out. It used to send nothing and
 * hold the socket for the 1 s end-of-input grace, which took three quarters of the frame fuzzer's time.
 */
@Tag("integration")
class CutShortCloseTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    @ParameterizedTest(name = "close frame declaring {0} bytes, 1 sent")
    @ValueSource(ints = {2, 5, 125})
    void shouldFailWith1002AndCloseWhenTheClientEndsInsideACloseFrame(final int declared) throws Exception
    {
        try (RawFrames c = RawFrames.connect(GATEWAY.port()))
        {
            assertEquals(101, c.status());
            final String ready = c.readText(5_000);
            assertNotNull(ready);
            final byte[] header = RawFrames.header(0x88, true, declared);
            final byte[] cut = new byte[header.length + 1];
            System.arraycopy(header, 0, cut, 0, header.length);
            cut[header.length] = 0x03;
            c.write(cut);
            final long finAt = System.nanoTime();
            c.shutdownOutput();
            assertEquals(1002, c.awaitClose(5_000), "the server's close frame");
            assertTrue(c.serverClosedWithin(5_000), "the server closes the socket");
            System.out.printf(
                "[hostile] close frame of %d bytes cut short by FIN: 1002, socket closed %.1f ms after the FIN%n",
                declared, (System.nanoTime() - finAt) / 1e6);
        }
        catch (final IOException e)
        {
            throw new AssertionError("the connection failed before the server's close frame", e);
        }
    }
}
