# ringcast image: the same jars the ./ringcast launcher runs (gateway/target/ringcast.jar and
# gpu-bridge/target/ringcast-worker.jar), built by the project's own Maven reactor.
#   docker build -t ringcast:local .
#   docker run ringcast:local worker --bind 0.0.0.0 --port 7001
#   docker run -p 8080:8080 ringcast:local serve
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:21-jre
# espeak-ng lets workers run with --synth espeak (real speech).
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/ringcast
COPY --from=build /src/gateway/target/ringcast.jar gateway/target/ringcast.jar
COPY --from=build /src/gpu-bridge/target/ringcast-worker.jar gpu-bridge/target/ringcast-worker.jar
# The launcher's latency flags (README "JVM flags"), with a smaller heap per container.
ENV JAVA_OPTS="-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseZGC -XX:+PerfDisableSharedMem -Xss512k --add-opens java.base/jdk.internal.misc=ALL-UNNAMED"
ENTRYPOINT ["/bin/sh", "-c", "case \"$1\" in serve) jar=gateway/target/ringcast.jar ;; worker) jar=gpu-bridge/target/ringcast-worker.jar ;; *) echo 'usage: serve|worker [options]' >&2; exit 2 ;; esac; exec java $JAVA_OPTS -jar /opt/ringcast/$jar \"$@\"", "ringcast"]
CMD ["serve"]
