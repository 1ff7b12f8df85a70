package dev.benchmate.transcribing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NothingHeardTest {
    @Test
    void nonSpeechIsNothingHeard() {
        for (String s : new String[] {"", "  ", "[BLANK_AUDIO]", "(music)", " [Music] ", "*applause*", "♪♪", "...",
                "you you you you you", "Thank you. Thank you. Thank you. Thank you.", "谢谢谢谢谢谢谢谢"}) {
            assertTrue(NothingHeard.test(s), "'" + s + "'");
        }
    }

    @Test
    void questionsAreHeard() {
        for (String s : new String[] {"What is written on this chip?", "Is the left wire brown or red?",
                "这个电阻是多少欧姆？", "No, no, that one.", "[BLANK_AUDIO] what is this"}) {
            assertFalse(NothingHeard.test(s), "'" + s + "'");
        }
    }
}
