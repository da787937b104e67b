# ringcast image: the same jars the ./ringcast launcher runs (gateway/target/ringcast.jar and
# gpu-bridge/target/ringcast-worker.jar), built by the project's own Maven reactor. docs/operations.md
# ("Container image") says what each part is for.
#   docker build -t ringcast:local .
#   docker run ringcast:local worker --bind 0.0.0.0 --port 7001
#   docker run -p 8080:8080 ringcast:local serve --bind 0.0.0.0 --insecure
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependency layer: the poms (and the worker's .proto, which changes with them) built once without sources
# fetch every dependency and plugin the real build uses. Docker reuses this layer until a pom changes, so a
# source edit rebuilds only the last step. Every module's pom is needed: the root pom lists them all.
COPY pom.xml ./
COPY settings/pom.xml settings/
COPY test-support/pom.xml test-support/
COPY engine/pom.xml engine/
COPY gpu-bridge/pom.xml gpu-bridge/
COPY gateway/pom.xml gateway/
COPY perf/pom.xml perf/
COPY gpu-bridge/src/main/proto gpu-bridge/src/main/proto
RUN mvn -B -ntp -q -Dmaven.test.skip=true -pl gateway,gpu-bridge -am package && rm -rf target */target
COPY settings/src/main settings/src/main
# test-support: the other modules' tests depend on it, so the reactor builds it even with the tests skipped.
COPY test-support/src/main test-support/src/main
COPY engine/src/main engine/src/main
COPY gpu-bridge/src/main gpu-bridge/src/main
COPY gateway/src/main gateway/src/main
RUN mvn -B -ntp -q -Dmaven.test.skip=true -pl gateway,gpu-bridge -am package

FROM eclipse-temurin:21-jre
# espeak-ng lets workers run with --synth espeak (real speech); curl is what the HEALTHCHECK asks /livez with.
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 ringcast \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ringcast
WORKDIR /opt/ringcast
COPY --from=build /src/gateway/target/ringcast.jar gateway/target/ringcast.jar
COPY --from=build /src/gpu-bridge/target/ringcast-worker.jar gpu-bridge/target/ringcast-worker.jar
COPY deploy/docker/healthcheck /usr/local/bin/ringcast-healthcheck
# Numeric, so that Kubernetes' runAsNonRoot can check it; the process needs to write nothing.
USER 10001:10001
# 8080: the gateway (HTTP, WebSocket /v1/stream, /livez, /readyz, /metrics); 7001: a worker's gRPC.
EXPOSE 8080 7001
# /livez, not /readyz: a gateway without a healthy worker is not ready, but restarting it would not help.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["/usr/local/bin/ringcast-healthcheck"]
# The launcher's latency flags (README "JVM flags"), sized for a container: a 512 MiB heap, not 2 GiB,
# and no -XX:+AlwaysPreTouch, which would touch all of it before the first request (slow starts, and the
# whole heap resident at once). ZGenerational: on JDK 21 ZGC is not generational without it (the default from
# JDK 23). Set JAVA_OPTS to change them; keep the --add-opens, which Agrona 2 needs.
ENV JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseZGC -XX:+ZGenerational -XX:+PerfDisableSharedMem -Xss512k --add-opens java.base/jdk.internal.misc=ALL-UNNAMED"
ENTRYPOINT ["/bin/sh", "-c", "case \"$1\" in serve) jar=gateway/target/ringcast.jar ;; worker) jar=gpu-bridge/target/ringcast-worker.jar ;; *) echo 'usage: serve|worker [options]' >&2; exit 2 ;; esac; exec java $JAVA_OPTS -jar /opt/ringcast/$jar \"$@\"", "ringcast"]
CMD ["serve"]
