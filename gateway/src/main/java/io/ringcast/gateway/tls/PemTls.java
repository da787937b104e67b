package io.ringcast.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds a server {@link SSLContext} from PEM files: a certificate chain ({@code --tls-cert}) and an
 * unencrypted PKCS#8 private key ({@code --tls-key}, RSA or EC), the files most certificate tools write.
 */
public final class PemTls
{
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls()
    {
    }

    /**
     * @param certChain PEM with one or more {@code CERTIFICATE} blocks, the server's first.
     * @param key       PEM with one {@code PRIVATE KEY} block.
     * @return a TLS context serving that identity.
     * @throws IllegalArgumentException with a message saying what is wrong with which file.
     */
    public static SSLContext serverContext(final Path certChain, final Path key)
    {
        try
        {
            final Collection<? extends Certificate> chain = certificates(certChain);
            final PrivateKey privateKey = privateKey(key);
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("ringcast", privateKey, NO_PASSWORD, chain.toArray(new Certificate[0]));
            final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }
        catch (final IOException | GeneralSecurityException e)
        {
            throw new IllegalArgumentException(
                "cannot use TLS certificate " + certChain + " with key " + key + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(final Path file)
        throws IOException, GeneralSecurityException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final Collection<? extends Certificate> chain =
                CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (chain.isEmpty())
            {
                throw new IllegalArgumentException(file + " holds no PEM CERTIFICATE block");
            }
            return chain;
        }
    }

    private static PrivateKey privateKey(final Path file) throws IOException, GeneralSecurityException
    {
        final String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
            || pem.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        {
            throw new IllegalArgumentException(file + " is not an unencrypted PKCS#8 key; convert it with " +
                "'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
        }
        final int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        final int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin)
        {
            throw new IllegalArgumentException(file + " holds no PEM 'PRIVATE KEY' block");
        }
        final byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try
        {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
        catch (final GeneralSecurityException notRsa)
        {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }
}
