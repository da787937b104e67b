package io.ringcast.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Verifies HS256 JWTs (docs/protocol.md, "Connecting"): signature with the shared secret, algorithm exactly HS256
 * (so {@code alg: none} and other algorithms fail), {@code sub} and {@code exp} present and not expired;
 * the optional {@code topics} claim limits publish and subscribe. Thread-safe.
 */
public final class TokenVerifier
{
    /**
     * A verified token.
     *
     * @param subject   {@code sub}.
     * @param expiresAt {@code exp} in epoch milliseconds.
     * @param topics    allowed topics, or null for any.
     */
    public record Verified(String subject, long expiresAt, Set<String> topics)
    {
    }

    /**
     * Verification outcome: a token or why it was refused.
     *
     * @param token  the verified token, or null.
     * @param reason why it was refused, or null.
     */
    public record Result(Verified token, String reason)
    {
        /** @return true if verified. */
        public boolean ok()
        {
            return token != null;
        }
    }

    private final JWTVerifier verifier;

    /** @param secret the HS256 shared secret (at least 32 bytes is wise). */
    public TokenVerifier(final String secret)
    {
        this.verifier = JWT.require(Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)))
            .withClaimPresence("sub").withClaimPresence("exp").build();
    }

    /**
     * @param token the compact JWT, or null.
     * @return the verified token or the reason it was refused (never throws).
     */
    public Result verify(final String token)
    {
        if (token == null || token.isEmpty())
        {
            return new Result(null, "missing token");
        }
        try
        {
            final DecodedJWT jwt = verifier.verify(token);
            final Claim topics = jwt.getClaim("topics");
            final List<String> list = topics.isMissing() || topics.isNull() ? null : topics.asList(String.class);
            if (!topics.isMissing() && !topics.isNull() && list == null)
            {
                return new Result(null, "claim 'topics' must be an array of strings");
            }
            return new Result(
                new Verified(jwt.getSubject(), jwt.getExpiresAt().getTime(), list == null ? null : Set.copyOf(list)),
                null);
        }
        catch (final TokenExpiredException e)
        {
            return new Result(null, "token expired");
        }
        catch (final JWTVerificationException e)
        {
            // Never the library's message: it quotes the token's decoded content back to whoever sent it.
            return new Result(null, "invalid token");
        }
        catch (final RuntimeException e)
        {
            return new Result(null, "malformed token");
        }
    }
}
