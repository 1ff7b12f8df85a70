package dev.benchmate.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PicturePolicyTest {
    final PicturePolicy policy = new PicturePolicy();

    @Test
    void theFirstQuestionOfAConversationGetsThePicture() {
        assertTrue(policy.wantsPicture("How old is it?", false, false));
    }

    @Test
    void lookingWordsGetAFreshPicture() {
        for (String q : new String[] {"Look at it now", "Can you see the label?", "What about this?", "这个呢？",
                "看一下", "Take a new picture"}) {
            assertTrue(policy.wantsPicture(q, true, false), q);
        }
    }

    @Test
    void otherFollowUpsAreTextOnly() {
        for (String q : new String[] {"And the one beside it?", "Why?", "What is it used for?", "它是做什么的？",
                "Thistle is a plant"}) {
            assertFalse(policy.wantsPicture(q, true, false), q);
        }
    }

    @Test
    void theLookCommandForcesOne() {
        assertTrue(policy.wantsPicture("Why?", true, true));
    }
}
