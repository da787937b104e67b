package io.ringcast.gateway.http;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.ringcast.bridge.daemon.BuildInfo;

/**
 * {@code ringcast_build_info{version,revision,jdk} 1}: which build runs, for dashboards that join it onto
 * other series (the Prometheus "info" convention). Built once: it cannot change while the process runs.
 */
final class BuildInfoMetric
{
    private static final GaugeSnapshot SNAPSHOT = snapshot(BuildInfo.current());

    private BuildInfoMetric()
    {
    }

    /** @return the gauge for this process. */
    static GaugeSnapshot snapshot()
    {
        return SNAPSHOT;
    }

    static GaugeSnapshot snapshot(final BuildInfo build)
    {
        return GaugeSnapshot.builder().name("ringcast_build_info")
            .help("Version, git revision and JDK of this process; always 1")
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1)
                .labels(Labels.of("jdk", build.jdk(), "revision", build.revision(), "version", build.version()))
                .build())
            .build();
    }
}
