package dev.analysis;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/**
 * Stand-ins for analysis-common components absent from the integ-test-zip, registered under
 * the names (and setting names) the full distribution uses, so index settings are identical.
 */
public final class DevAnalysis {
    private DevAnalysis() {}

    @NamedComponent("latvian")
    public static final class Latvian implements AnalyzerFactory {
        public Latvian() {}
        @Override public Analyzer create() { return new LatvianAnalyzer(); }
    }

    @NamedComponent("english")
    public static final class English implements AnalyzerFactory {
        public English() {}
        @Override public Analyzer create() { return new EnglishAnalyzer(); }
    }

    @NamedComponent("asciifolding")
    public static final class AsciiFolding implements TokenFilterFactory {
        public AsciiFolding() {}
        @Override public TokenStream create(TokenStream in) { return new ASCIIFoldingFilter(in); }
        @Override public TokenStream normalize(TokenStream in) { return new ASCIIFoldingFilter(in); }
    }

    @NamedComponent("latvian_stem")
    public static final class LatvianStem implements TokenFilterFactory {
        public LatvianStem() {}
        @Override public TokenStream create(TokenStream in) { return new LatvianStemFilter(in); }
    }

    @AnalysisSettings
    public interface StemmerSettings {
        @StringSetting(path = "language", defaultValue = "english")
        String language();
    }

    /** "stemmer" with the languages the portal uses (production: analysis-common's stemmer). */
    @NamedComponent("stemmer")
    public static final class Stemmer implements TokenFilterFactory {
        private final String language;
        @Inject
        public Stemmer(StemmerSettings settings) {
            this.language = settings.language();
            if (!List.of("latvian", "english", "porter", "light_english", "minimal_english", "possessive_english").contains(language)) {
                throw new IllegalArgumentException("dev-analysis stemmer: unsupported language [" + language + "]");
            }
        }
        @Override public TokenStream create(TokenStream in) {
            switch (language) {
                case "latvian": return new LatvianStemFilter(in);
                case "english": case "porter": return new PorterStemFilter(in);
                case "light_english": return new KStemFilter(in);
                case "minimal_english": return new EnglishMinimalStemFilter(in);
                case "possessive_english": return new EnglishPossessiveFilter(in);
                default: return in;
            }
        }
    }

    @AnalysisSettings
    public interface StemmerOverrideSettings {
        @ListSetting(path = "rules")
        List<String> rules();
    }

    /** "stemmer_override" with inline "a, b => c" rules (rules_path is production-only). */
    @NamedComponent("stemmer_override")
    public static final class StemmerOverride implements TokenFilterFactory {
        private final StemmerOverrideFilter.StemmerOverrideMap map;
        @Inject
        public StemmerOverride(StemmerOverrideSettings settings) {
            StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
            for (String rule : settings.rules()) {
                String[] sides = rule.split("=>");
                if (sides.length != 2) throw new IllegalArgumentException("bad stemmer_override rule [" + rule + "]");
                String target = sides[1].trim();
                for (String source : sides[0].split(",")) {
                    if (!source.trim().isEmpty()) builder.add(source.trim(), target);
                }
            }
            try { this.map = builder.build(); } catch (java.io.IOException e) { throw new IllegalStateException(e); }
        }
        @Override public TokenStream create(TokenStream in) { return new StemmerOverrideFilter(in, map); }
    }

    @AnalysisSettings
    public interface PatternReplaceSettings {
        @StringSetting(path = "pattern", defaultValue = "")
        String pattern();
        @StringSetting(path = "replacement", defaultValue = "")
        String replacement();
        @BooleanSetting(path = "all", defaultValue = true)
        boolean all();
    }

    /** "pattern_replace" token filter (production: analysis-common). */
    @NamedComponent("pattern_replace")
    public static final class PatternReplace implements TokenFilterFactory {
        private final java.util.regex.Pattern pattern;
        private final String replacement;
        private final boolean all;
        @Inject
        public PatternReplace(PatternReplaceSettings settings) {
            this.pattern = java.util.regex.Pattern.compile(settings.pattern());
            this.replacement = settings.replacement();
            this.all = settings.all();
        }
        @Override public TokenStream create(TokenStream in) { return new PatternReplaceFilter(in, pattern, replacement, all); }
    }

    @AnalysisSettings
    public interface EdgeNGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();
        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();
    }

    @NamedComponent("edge_ngram")
    public static final class EdgeNGram implements TokenFilterFactory {
        private final int min;
        private final int max;
        @Inject
        public EdgeNGram(EdgeNGramSettings settings) { this.min = settings.minGram(); this.max = settings.maxGram(); }
        @Override public TokenStream create(TokenStream in) { return new EdgeNGramTokenFilter(in, min, max, false); }
    }
}
