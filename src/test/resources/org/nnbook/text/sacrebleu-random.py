# Makes sacrebleu-random.json, the expected values of SacreBleuAgreementTest: 120 random small corpora (punctuation,
# numbers, entities, Unicode white space, several references) scored by sacreBLEU itself, run from
# github.com/mjpost/sacrebleu at commit f615c7286d4d813370efb824d94fc2bfcd3a6b94 (pure Python; its optional imports
# portalocker, tabulate, colorama and lxml stubbed out, as scoring does not use them). Run in this folder:
#   PYTHONPATH=<sacrebleu checkout> python3 sacrebleu-random.py
import random, json, sacrebleu
from sacrebleu.metrics import BLEU, CHRF
random.seed(7)
words = ["the","cat","sat","on","mat","le","chat","café","naïve","1,000.5","3.14","2-3","it's","don't","a.b","(x)","[y]","{z}","&amp;","&quot;q&quot;","<skipped>","e.g.","U.S.","--","-","...","!","?",";",":","/","50%","$5","#1","@me","日本語","。","x-\ny","\u00a0","\u3000","\t","é","Ünï","\u2028"]
cases = []
for t in range(120):
    nsent = random.randint(1, 4); nrefs = random.randint(1, 3)
    def sent():
        k = random.randint(0, 12)
        sep = random.choice([" ", " ", " ", "", "  ", "\t"])
        return sep.join(random.choice(words) for _ in range(k)) + random.choice(["", ".", " .", "!", " ", "\n"])
    hyps = [sent() for _ in range(nsent)]
    refs = [[sent() for _ in range(nsent)] for _ in range(nrefs)]
    b = BLEU().corpus_score(hyps, refs)
    sb = BLEU(effective_order=True).sentence_score(hyps[0], [r[0] for r in refs])
    c = CHRF().corpus_score(hyps, refs)
    ce = CHRF(eps_smoothing=True, beta=3).corpus_score(hyps, refs)
    cases.append(dict(hyps=hyps, refs=refs, bleu=b.score, bleu_str=str(b), sbleu=sb.score, chrf=c.score, chrf_eps3=ce.score))
json.dump(cases, open("sacrebleu-random.json", "w"), ensure_ascii=False)
print(len(cases), cases[0]["bleu_str"])
