package dev.benchmate.web;

import dev.benchmate.core.Event;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.TurnLatency;
import dev.benchmate.core.TurnResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns and events as the API's JSON (field names documented in the README and OpenAPI). */
public final class TurnJson {
    private TurnJson() {
    }

    public static Map<String, Object> latency(TurnLatency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transcriptMs", round(l.transcriptMs()));
        m.put("visionEncodeMs", round(l.visionEncodeMs()));
        m.put("visionHiddenMs", round(l.visionHiddenMs()));
        m.put("prefillMs", round(l.prefillMs()));
        m.put("firstTokenMs", round(l.firstTokenMs()));
        m.put("firstAudioMs", round(l.firstAudioMs()));
        m.put("totalMs", round(l.totalMs()));
        m.put("thinker", l.thinker());
        return m;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    /**
     * @param transcribed whether the question was audio (then "transcript" is what was heard)
     */
    public static Map<String, Object> result(TurnResult r, boolean transcribed, boolean simulated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("turn", r.turn());
        m.put("heard", r.heard());
        m.put("question", r.question());
        m.put("transcript", transcribed ? r.question() : null);
        m.put("answer", r.answer());
        m.put("pictureAttached", r.pictureAttached());
        m.put("restarted", r.restarted());
        m.put("stopped", r.stopped());
        m.put("latency", latency(r.latency()));
        m.put("spokenSentences", r.spokenSentences());
        m.put("speechProblem", r.speechProblem().orElse(null));
        m.put("problems", r.problems());
        m.put("simulated", simulated);
        return m;
    }

    /** The SSE event name of a hub event. */
    public static String kind(TurnEvent what) {
        if (what instanceof TurnEvent.StateChanged) {
            return "state";
        } else if (what instanceof TurnEvent.Woken) {
            return "woken";
        } else if (what instanceof TurnEvent.Ignored) {
            return "ignored";
        } else if (what instanceof TurnEvent.CommandTaken) {
            return "command";
        } else if (what instanceof TurnEvent.BargedIn) {
            return "barge-in";
        } else if (what instanceof TurnEvent.Accepted) {
            return "accepted";
        } else if (what instanceof TurnEvent.Transcribed) {
            return "transcript";
        } else if (what instanceof TurnEvent.PictureTaken) {
            return "picture";
        } else if (what instanceof TurnEvent.Token) {
            return "token";
        } else if (what instanceof TurnEvent.ConversationRestarted) {
            return "restarted";
        } else if (what instanceof TurnEvent.Answered) {
            return "answer";
        } else if (what instanceof TurnEvent.Failed) {
            return "failed";
        } else if (what instanceof TurnEvent.EventsDropped) {
            return "dropped";
        }
        return "other";
    }

    public static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("turn", e.turn());
        m.put("time", e.time().toString());
        m.put("sequence", e.sequence());
        TurnEvent what = e.what();
        m.put("kind", kind(what));
        if (what instanceof TurnEvent.StateChanged s) {
            m.put("state", s.state().name());
        } else if (what instanceof TurnEvent.Ignored i) {
            m.put("why", i.why());
        } else if (what instanceof TurnEvent.CommandTaken c) {
            m.put("command", c.command());
        } else if (what instanceof TurnEvent.Accepted a) {
            m.put("from", a.from().name());
            m.put("waiting", a.waiting());
        } else if (what instanceof TurnEvent.Transcribed t) {
            m.put("text", t.text());
        } else if (what instanceof TurnEvent.PictureTaken p) {
            m.put("source", p.source());
            m.put("width", p.width());
            m.put("height", p.height());
        } else if (what instanceof TurnEvent.Token t) {
            m.put("text", t.text());
        } else if (what instanceof TurnEvent.ConversationRestarted r) {
            m.put("why", r.why());
        } else if (what instanceof TurnEvent.Answered a) {
            m.put("question", a.question());
            m.put("answer", a.answer());
            m.put("pictureAttached", a.pictureAttached());
            m.put("stopped", a.stopped());
            m.put("latency", latency(a.latency()));
        } else if (what instanceof TurnEvent.Failed f) {
            m.put("stage", f.stage().name());
            m.put("cause", f.cause());
            m.put("turnGoesOn", f.turnGoesOn());
        } else if (what instanceof TurnEvent.EventsDropped d) {
            m.put("count", d.count());
        }
        return m;
    }
}
