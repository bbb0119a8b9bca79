# Makes porter-nltk.tsv, the expected stems of RougeTest: every 8th word (4+ letters) of Moby Dick's vocabulary and
# the examples of Porter's paper and of NLTK's extensions, stemmed by NLTK 3.10.3's PorterStemmer() (mode
# NLTK_EXTENSIONS), the stemmer rouge-score uses. Run from the repository root: PYTHONPATH=<nltk> python3 <this file>
import gzip, re
from nltk.stem.porter import PorterStemmer
text = gzip.open('datasets/moby-dick/moby-dick.txt.gz', 'rt').read().lower()
words = sorted(set(w for w in re.split(r'[^a-z0-9]+', text) if len(w) > 3))[::8]
extra = ("relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli"
         " vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti"
         " sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference"
         " airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism"
         " activate angulariti homologous effective bowdlerize probate rate cease controll roll generalization"
         " generalizations happily skies dying lying tying news innings outings cannings howe proceed exceed succeed dies"
         " ties cries spied tried flies agreed feed plastered bled motoring sing conflated troubled sized hopping tanned"
         " falling hissing fizzed failing filing happy enjoy syzygy yyyy toying archaeology geology fully carefully"
         " logically abyss oats trees ivy troubles private oaten orrery").split()
p = PorterStemmer()
with open('src/test/resources/org/nnbook/text/porter-nltk.tsv', 'w') as f:
    for w in sorted(set(words) | set(extra)):
        f.write(w + '\t' + p.stem(w) + '\n')
