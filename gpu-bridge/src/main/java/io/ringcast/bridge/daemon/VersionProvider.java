package io.ringcast.bridge.daemon;

import picocli.CommandLine;

/** {@code --version} / {@code -V} of every ringcast command: version, git revision and JDK ({@link BuildInfo}). */
public final class VersionProvider implements CommandLine.IVersionProvider
{

    @Override
    public String[] getVersion()
    {
        return BuildInfo.current().versionLines("ringcast");
    }
}
