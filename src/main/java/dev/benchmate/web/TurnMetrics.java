package dev.benchmate.web;

import dev.benchmate.app.Benchmate;
import dev.benchmate.app.RunningBenchmate;
import dev.benchmate.core.Event;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.TurnLatency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * /q/metrics in Prometheus format, every name starting {@code benchmate_}: per-stage turn latency
 * histograms, tokens per second, the KV cache's fill, turns and failures by front door and stage,
 * the queue's length. Everything comes from the event hub (a subscriber of its own, so metrics
 * never slow a turn) and from the assistant's own counts.
 */
@ApplicationScoped
public class TurnMetrics {
    /** Turns followed at once (their front door and token times); older ones are forgotten. */
    private static final int FOLLOWED = 64;

    @Inject
    RunningBenchmate running;
    @Inject
    MeterRegistry registry;

    /** Only the subscriber's thread touches it. */
    private final Map<Long, Followed> turns = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Followed> eldest) {
            return size() > FOLLOWED;
        }
    };

    private static final class Followed {
        FrontDoor from = FrontDoor.VOICE;
        Instant firstToken;
        Instant lastToken;
        int tokens;
    }

    void start(@Observes StartupEvent event) {
        running.onStart(this::follow);
    }

    private void follow(Benchmate b) {
        Gauge.builder("benchmate.queue.length", b.assistant(), a -> a.waiting())
                .description("questions waiting for the NPU").register(registry);
        Gauge.builder("benchmate.kv.cache.used", b.brain().conversation(), c -> c.kvCacheSize())
                .baseUnit("tokens").description("positions the KV cache holds").register(registry);
        Gauge.builder("benchmate.kv.cache.fill", b.brain().conversation(),
                        c -> (double) c.kvCacheSize() / c.contextLimit())
                .description("the KV cache's fill, 0 to 1 of max-context-len").register(registry);
        Gauge.builder("benchmate.kv.cache.max", b.brain().conversation(), c -> c.contextLimit())
                .baseUnit("tokens").description("max-context-len").register(registry);
        b.hub().subscribe("metrics", 1024, this::count);
    }

    private Followed followed(long turn) {
        return turns.computeIfAbsent(turn, t -> new Followed());
    }

    private void count(Event e) {
        TurnEvent what = e.what();
        if (what instanceof TurnEvent.Accepted a) {
            followed(e.turn()).from = a.from();
        } else if (what instanceof TurnEvent.Token) {
            Followed f = followed(e.turn());
            if (f.firstToken == null) {
                f.firstToken = e.time();
            }
            f.lastToken = e.time();
            f.tokens++;
        } else if (what instanceof TurnEvent.Answered a) {
            Followed f = followed(e.turn());
            String door = door(f.from);
            String thinker = a.latency().thinker();
            latencies(a.latency(), door, thinker);
            if (f.tokens > 1 && f.lastToken.isAfter(f.firstToken)) {
                double seconds = Duration.between(f.firstToken, f.lastToken).toNanos() / 1e9;
                DistributionSummary.builder("benchmate.tokens.per.second").description("decode speed of each answer")
                        .tag("door", door).tag("thinker", thinker).publishPercentileHistogram().register(registry)
                        .record((f.tokens - 1) / seconds);
            }
            Counter.builder("benchmate.turns").description("turns answered, stopped or failed")
                    .tag("door", door).tag("outcome", a.stopped() ? "stopped" : "answered").register(registry)
                    .increment();
            turns.remove(e.turn());
        } else if (what instanceof TurnEvent.Failed fail) {
            String door = e.turn() == 0 ? "none" : door(followed(e.turn()).from);
            Counter.builder("benchmate.failures").description("failures, by stage and front door")
                    .tag("stage", fail.stage().name().toLowerCase(Locale.ROOT)).tag("door", door).register(registry)
                    .increment();
            if (fail.cause().startsWith(dev.benchmate.core.RemoteFirst.FALLING_BACK)) {
                Counter.builder("benchmate.fallbacks").description("fallbacks to the NPU reported: once per "
                        + "outage of the engine on the LAN, and each turn whose request the engine refused").tag("door", door).register(registry).increment();
            }
            if (!fail.turnGoesOn() && e.turn() != 0) {
                Counter.builder("benchmate.turns").description("turns answered, stopped or failed")
                        .tag("door", door).tag("outcome", "failed").register(registry).increment();
                turns.remove(e.turn());
            }
        } else if (what instanceof TurnEvent.EventsDropped d) {
            Counter.builder("benchmate.metrics.events.dropped").description("events the metrics could not keep up with")
                    .register(registry).increment(d.count());
        }
    }

    private void latencies(TurnLatency l, String door, String thinker) {
        record("transcription", l.transcriptMs(), door, thinker, l.transcriptMs() > 0);
        record("vision_encode", l.visionEncodeMs(), door, thinker, l.visionEncodeMs() > 0);
        record("vision_hidden", l.visionHiddenMs(), door, thinker, l.visionEncodeMs() > 0);
        record("prefill", l.prefillMs(), door, thinker, l.prefillMs() > 0);
        record("first_token", l.firstTokenMs(), door, thinker, l.firstTokenMs() >= 0);
        record("first_audio", l.firstAudioMs(), door, thinker, l.firstAudioMs() >= 0);
        record("total", l.totalMs(), door, thinker, true);
    }

    private void record(String stage, double ms, String door, String thinker, boolean happened) {
        if (!happened) {
            return;
        }
        Timer.builder("benchmate.turn.latency").description("where a turn's time went, by stage")
                .tag("stage", stage).tag("door", door).tag("thinker", thinker).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(Duration.ofNanos((long) (ms * 1e6)));
    }

    private static String door(FrontDoor d) {
        return d.name().toLowerCase(Locale.ROOT);
    }
}
