package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
    /** Feeds the text in small pieces, as tokens arrive, and collects every sentence. */
    static List<String> split(String text, int piece) {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += piece) {
            out.addAll(s.accept(text.substring(i, Math.min(text.length(), i + piece))));
        }
        out.addAll(s.flush());
        return out;
    }

    static void check(String text, String... sentences) {
        for (int piece : new int[] {1, 3, 7, 1000}) {
            assertEquals(List.of(sentences), split(text, piece), "pieces of " + piece);
        }
    }

    @Test
    void englishSentences() {
        check("The chip is an ATmega328P. It has 28 pins! Is it socketed? Yes.",
                "The chip is an ATmega328P.", "It has 28 pins!", "Is it socketed?", "Yes.");
    }

    @Test
    void aSentenceThatPlainlyEndedIsGivenWithoutWaitingForTheNextToken() {
        assertEquals(List.of("It is a resistor."), new SentenceSplitter().accept("It is a resistor."));
        assertEquals(List.of("Is it socketed?"), new SentenceSplitter().accept("Is it socketed?"));
        assertEquals(List.of("Careful!"), new SentenceSplitter().accept("Careful!"));
        // where the next token decides: a number ("2." may be "2.5"), an initial, an abbreviation
        assertEquals(List.of(), new SentenceSplitter().accept("It is turn 2."));
        assertEquals(List.of(), new SentenceSplitter().accept("Ask J."));
        assertEquals(List.of(), new SentenceSplitter().accept("Ask Dr."));
        assertEquals(List.of(), new SentenceSplitter().accept("Use a flux, e.g."));
        SentenceSplitter s = new SentenceSplitter();
        assertEquals(List.of(), s.accept("The rail reads 3."));
        assertEquals(List.of("The rail reads 3.5 V."), s.accept("5 V. "));
    }

    @Test
    void decimalsAreNotEnds() {
        check("The rail reads 3.5 V. The other is 12.0 V.", "The rail reads 3.5 V.", "The other is 12.0 V.");
    }

    @Test
    void abbreviationsAreNotEnds() {
        check("Use a flux, e.g. rosin. Dr. Smith agrees. See Fig. 3 for the pins.",
                "Use a flux, e.g. rosin.", "Dr. Smith agrees.", "See Fig. 3 for the pins.");
    }

    @Test
    void numberedListsAreOneSentencePerItem() {
        check("Check three things:\n1. The polarity.\n2. The voltage 3.3 V\n3. The ground",
                "Check three things:", "The polarity.", "The voltage 3.3 V", "The ground");
        check("1. Red wire\n2. Black wire", "Red wire", "Black wire");
    }

    @Test
    void chineseSentences() {
        check("这是一个电阻。它的阻值是四点七千欧！还有问题吗？", "这是一个电阻。", "它的阻值是四点七千欧！", "还有问题吗？");
        check("模拟回答，第1轮。图片是红色。", "模拟回答，第1轮。", "图片是红色。");
    }

    @Test
    void aVeryLongSentenceIsCutAtACommaAsItArrives() {
        String longOne = "The board has a regulator near the barrel jack, two electrolytic capacitors beside it, "
                + "a crystal next to the microcontroller, a row of header pins along the top edge, "
                + "and a small reset button in the corner that you can press with a pen.";
        List<String> parts = split(longOne, 4);
        assertTrue(parts.size() >= 2, parts.toString());
        for (String p : parts) {
            assertTrue(p.length() <= 160, p);
        }
        assertEquals(longOne.replace(" ", ""), String.join("", parts).replace(" ", ""));
    }

    @Test
    void theFirstSentenceIsReadyBeforeTheRest() {
        SentenceSplitter s = new SentenceSplitter();
        assertEquals(List.of(), s.accept("Simulated answer to turn 1."));
        assertEquals(List.of("Simulated answer to turn 1."), s.accept(" The"));
        assertEquals(List.of("The picture is red."), s.accept(" picture is red."), "a word and its . end it at once");
        assertEquals(List.of(), s.flush());
    }

    @Test
    void anEndOnlyTheNextTokenDecidesIsOfferedAsTentative() {
        SentenceSplitter s = new SentenceSplitter();
        assertEquals(List.of(), s.accept("Simulated answer to turn 2."));
        assertEquals(java.util.Optional.of("Simulated answer to turn 2."), s.tentative());
        assertEquals(List.of("Simulated answer to turn 2."), s.accept(" The"), "the next token confirms it, same text");
        assertEquals(java.util.Optional.empty(), s.tentative());

        SentenceSplitter decimal = new SentenceSplitter();
        decimal.accept("It is 2.");
        assertEquals(java.util.Optional.of("It is 2."), decimal.tentative());
        assertEquals(List.of(), decimal.accept("5 V"), "the next token says the . was a decimal point");
        assertEquals(java.util.Optional.empty(), decimal.tentative());
        decimal.accept(".");
        assertEquals(java.util.Optional.of("It is 2.5 V."), decimal.tentative(), "after an initial or a unit letter");
    }

    @Test
    void likelyNonEndsAreNotTentative() {
        SentenceSplitter abbreviation = new SentenceSplitter();
        abbreviation.accept("Use a small part, e.g.");
        assertEquals(java.util.Optional.empty(), abbreviation.tentative());
        SentenceSplitter list = new SentenceSplitter();
        list.accept("Steps:\n1.");
        assertEquals(java.util.Optional.empty(), list.tentative());
        SentenceSplitter word = new SentenceSplitter();
        assertEquals(List.of("It is a board."), word.accept("It is a board."), "a word's . ends at once");
        assertEquals(java.util.Optional.empty(), word.tentative());
    }
}
