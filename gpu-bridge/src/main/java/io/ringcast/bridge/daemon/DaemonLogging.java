package io.ringcast.bridge.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Locale;
import java.util.Set;

/**
 * One logging framework for a daemon: logback, fed by slf4j (ringcast, gRPC's netty), JUL (gRPC) and
 * jboss-logging (Undertow, XNIO). Records go to standard error, one line each: text with a timestamp, or one
 * JSON object per line; standard output keeps the daemon's one-line banner. Only the daemons' mains use
 * this class: logback is an optional dependency of this module, so a library user keeps their own backend.
 */
public final class DaemonLogging
{

    /** Values of {@code --log-level}. */
    public static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    /** Values of {@code --log-format}. */
    public static final Set<String> FORMATS = Set.of("text", "json");

    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private DaemonLogging()
    {
    }

    /**
     * Routes JUL and jboss-logging into slf4j. Call first in {@code main}, before Undertow or gRPC classes
     * load: jboss-logging picks its provider once, on first use.
     */
    public static void routeLibraries()
    {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        if (!SLF4JBridgeHandler.isInstalled())
        {
            SLF4JBridgeHandler.removeHandlersForRootLogger(); // JUL's own two-line console records
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * Replaces the logging configuration of this JVM.
     *
     * @param level  one of {@link #LEVELS}, any case
     * @param format one of {@link #FORMATS}, any case
     * @return null when applied, else why not (an unknown level or format), for the command to print
     */
    public static String configure(final String level, final String format)
    {
        final String lv = level == null ? "info" : level.toLowerCase(Locale.ROOT);
        final String fmt = format == null ? "text" : format.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lv))
        {
            return "--log-level must be one of error, warn, info, debug, trace; was '" + level + "'";
        }
        if (!FORMATS.contains(fmt))
        {
            return "--log-format must be text or json; was '" + format + "'";
        }
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context))
        {
            return null; // another slf4j backend was put on the class path on purpose: leave it alone
        }
        context.reset();
        final LevelChangePropagator jul = new LevelChangePropagator();
        jul.setContext(context);
        jul.setResetJUL(true);
        jul.start();
        context.addListener(jul);

        final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder("json".equals(fmt) ? json(context) : text(context));
        console.start();

        final ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        final Level chosen = Level.toLevel(lv, Level.INFO);
        root.setLevel(chosen);
        root.addAppender(console);
        if (chosen.isGreaterOrEqual(Level.INFO))
        {
            // Undertow and XNIO announce their versions at INFO on every start; their warnings still show.
            context.getLogger("org.xnio").setLevel(Level.WARN);
            context.getLogger("org.jboss").setLevel(Level.WARN);
        }
        return null;
    }

    private static Encoder<ILoggingEvent> text(final LoggerContext context)
    {
        final PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(TEXT_PATTERN);
        e.start();
        return e;
    }

    /** logback's own JSON encoder, trimmed to what a log shipper needs: time, level, thread, logger, message. */
    private static Encoder<ILoggingEvent> json(final LoggerContext context)
    {
        final JsonEncoder e = new JsonEncoder();
        e.setContext(context);
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithArguments(false);
        e.setWithMessage(false);
        e.setWithFormattedMessage(true);
        e.start();
        return e;
    }
}
