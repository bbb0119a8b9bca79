package org.nnbook.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bleu and ChrF agree with sacreBLEU itself to 1e-9 on 120 random small corpora full of the cases its rules treat
 * specially (punctuation next to digits, HTML entities, "<skipped>", hyphen-newline, Unicode white space, several
 * references). The expected values were computed by running sacreBLEU (commit f615c72) with sacrebleu-random.py, next
 * to the JSON file in src/test/resources/org/nnbook/text/.
 */
class SacreBleuAgreementTest {

    @Test
    @SuppressWarnings("unchecked")
    void bleuSentenceBleuAndChrFMatchSacreBleuOnRandomCorpora() throws Exception {
        var in = SacreBleuAgreementTest.class.getResourceAsStream("sacrebleu-random.json");
        assertNotNull(in, "sacrebleu-random.json is missing from the test resources");
        int n = 0;
        for (JsonElement e : JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            List<String> hyps = strings(c.get("hyps"));
            List<List<String>> refs = new ArrayList<>();
            for (JsonElement r : c.getAsJsonArray("refs")) refs.add(strings(r));
            List<String>[] streams = refs.toArray(new List[0]);
            String what = "hypotheses " + hyps + ", references " + refs;
            Bleu.Score bleu = Bleu.corpus(hyps, streams);
            assertEquals(c.get("bleu").getAsDouble(), bleu.score(), 1e-9, what);
            assertEquals(c.get("bleu_str").getAsString(), bleu.toString(), what);
            assertEquals(c.get("sbleu").getAsDouble(), Bleu.sentence(hyps.get(0), refs.stream().map(r -> r.get(0)).toArray(String[]::new)).score(), 1e-9, what);
            assertEquals(c.get("chrf").getAsDouble(), new ChrF().corpus(hyps, streams).score(), 1e-9, what);
            assertEquals(c.get("chrf_eps3").getAsDouble(), new ChrF(3, true).corpus(hyps, streams).score(), 1e-9, what);
            n++;
        }
        assertEquals(120, n);
    }

    private static List<String> strings(JsonElement array) {
        List<String> out = new ArrayList<>();
        for (JsonElement x : array.getAsJsonArray()) out.add(x.getAsString());
        return out;
    }
}
