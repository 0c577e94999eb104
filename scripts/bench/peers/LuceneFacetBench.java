// The Lucene peer of issue 6, measured on the same corpus and query mix as Dateline, so that
// the targets ("no worse than Lucene") are ratios taken in one run on one machine rather than
// figures carried over from another.
//
// Lucene 8 (Debian's liblucene8-java) with SortedSetDocValues facets, as the issue describes
// the peer: one field of text (title and body), analysed like Xapian's English stemming
// (lower case, Snowball English, no stop words); country and speaker as multi-valued facets
// and the publication month as a facet; the day as a point (date ranges) and a doc value
// (newest first for browsing). A query is a DrillSideways search: the top 10 by BM25 and
// exact disjunctive counts of the three facets, each counted over the matches of the other
// filters, then the page's stored title and body read. No snippets are made: Dateline's
// figures include its highlighting, so this favours the peer. A second measurement, "lucene_ids",
// skips reading the page's stored fields, which is most of a rare term's cost in Lucene 8.7
// (LZ4 blocks with a preset dictionary, decompressed per document): Lucene's floor.
//
//   java -cp JARS LuceneFacetBench.java index CORPUS.jsonl INDEX_DIR
//   java -cp JARS LuceneFacetBench.java query INDEX_DIR QUERIES.tsv [--passes N] [--warmup N]
//        [--threads N] [--size N] [--facet-size N] [--summary FILE]
//
// JARS: lucene-core, lucene-analyzers-common, lucene-facet and gson from /usr/share/java.
// The index is force-merged to one segment, Lucene's fastest layout for searching.
// Exit status: 0 done, 1 failure, 2 usage error.

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

public final class LuceneFacetBench {
    static final String TEXT = "text", DAY = "day", COUNTRY = "country", SPEAKER = "speaker", MONTH = "month";

    /** Lower case and Snowball English, no stop words: the terms Xapian's English stemmer makes. */
    static final class StemmingAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream stream = new SnowballFilter(new LowerCaseFilter(source), new EnglishStemmer());
            return new TokenStreamComponents(source, stream);
        }
    }

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued(COUNTRY, true);
        config.setMultiValued(SPEAKER, true);
        return config;
    }

    // ---- Indexing

    static void index(Path corpus, Path indexDir) throws IOException {
        FacetsConfig config = facetsConfig();
        IndexWriterConfig writerConfig = new IndexWriterConfig(new StemmingAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(256);
        long started = System.nanoTime();
        long documents = 0;
        try (FSDirectory directory = FSDirectory.open(indexDir);
             IndexWriter writer = new IndexWriter(directory, writerConfig);
             BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            for (long number = 1; (line = in.readLine()) != null; ++number) {
                if (line.isBlank()) continue;
                try {
                    writer.addDocument(config.build(toDocument(JsonParser.parseString(line).getAsJsonObject())));
                } catch (RuntimeException e) {
                    throw new IOException(corpus + ":" + number + ": " + e.getMessage(), e);
                }
                ++documents;
            }
            writer.forceMerge(1);
            writer.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("lucene: indexed %d documents in %.1f s (%.0f docs/s, force-merged)%n", documents, seconds,
                documents / seconds);
    }

    static String string(JsonObject object, String name) {
        JsonElement element = object.get(name);
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }

    static Document toDocument(JsonObject article) {
        Document doc = new Document();
        String title = string(article, "title"), body = string(article, "body");
        doc.add(new StringField("id", string(article, "id"), Field.Store.YES));
        doc.add(new StoredField("title", title));
        doc.add(new StoredField("body", body));
        doc.add(new TextField(TEXT, title + "\n" + body, Field.Store.NO));
        String date = string(article, "date");
        if (date.length() >= 10) {
            LocalDate day = LocalDate.parse(date.substring(0, 10));
            doc.add(new LongPoint(DAY, day.toEpochDay()));
            doc.add(new NumericDocValuesField(DAY, day.toEpochDay()));
            doc.add(new SortedSetDocValuesFacetField(MONTH, date.substring(0, 7)));
        }
        for (String name : new String[] {"countries", "speakers"}) {
            JsonElement values = article.get(name);
            if (values == null || !values.isJsonArray()) continue;
            for (JsonElement value : (JsonArray) values) {
                String text = value.getAsString().trim();
                if (!text.isEmpty())
                    doc.add(new SortedSetDocValuesFacetField(name.equals("countries") ? COUNTRY : SPEAKER, text));
            }
        }
        return doc;
    }

    // ---- The query mix: qid kind op text country f0 f1, as dateline-bench-query reads it

    record QueryRow(String qid, String kind, String op, List<String> words, String country, Double f0, Double f1) {}

    static List<QueryRow> loadQueries(Path path) throws IOException {
        List<QueryRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); ++i) {
            String line = lines.get(i).replace("\r", "");
            if (line.isEmpty()) continue;
            String[] columns = line.split("\t", -1);
            if (columns.length < 4 || columns.length > 7)
                throw new IOException(path + ":" + (i + 1) + ": expected 4 to 7 tab-separated columns");
            String[] fields = Arrays.copyOf(columns, 7);
            List<String> words = new ArrayList<>();
            for (String word : fields[3].trim().split("\\s+")) if (!word.isEmpty()) words.add(word);
            try {
                rows.add(new QueryRow(fields[0], fields[1], fields[2], words,
                        fields[4] == null ? "" : fields[4].trim().toUpperCase(), fraction(fields[5]), fraction(fields[6])));
            } catch (NumberFormatException e) {
                throw new IOException(path + ":" + (i + 1) + ": f0 and f1 must be fractions: " + e.getMessage(), e);
            }
        }
        if (rows.isEmpty()) throw new IOException(path + ": no queries");
        return rows;
    }

    /** An optional fraction of the date span, in [0, 1], as dateline-bench-query reads it. */
    static Double fraction(String text) {
        if (text == null || text.isBlank()) return null;
        double value = Double.parseDouble(text.trim());
        if (!(value >= 0 && value <= 1)) throw new NumberFormatException("not in [0, 1]: " + text);
        return value;
    }

    static final class Engine {
        final IndexSearcher searcher;
        final SortedSetDocValuesReaderState state;
        final FacetsConfig config = facetsConfig();
        final Analyzer analyzer = new StemmingAnalyzer();
        final long firstDay, lastDay;
        final int size, facetSize, months;

        Engine(DirectoryReader reader, int size, int facetSize) throws IOException {
            searcher = new IndexSearcher(reader);
            state = new DefaultSortedSetDocValuesReaderState(reader);
            firstDay = LongPoint.decodeDimension(PointValues.getMinPackedValue(reader, DAY), 0);
            lastDay = LongPoint.decodeDimension(PointValues.getMaxPackedValue(reader, DAY), 0);
            this.size = size;
            this.facetSize = facetSize;
            // Every month is returned, as Dateline's histogram returns every bucket. (A top-N
            // queue of N entries is allocated, so N is the number of months, not "all".)
            SortedSetDocValuesReaderState.OrdRange monthOrdinals = state.getOrdRange(MONTH);
            months = monthOrdinals == null ? 1 : monthOrdinals.end - monthOrdinals.start + 1;
        }

        List<String> terms(List<String> words) throws IOException {
            List<String> terms = new ArrayList<>();
            try (TokenStream stream = analyzer.tokenStream(TEXT, new StringReader(String.join(" ", words)))) {
                CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                stream.reset();
                while (stream.incrementToken()) terms.add(term.toString());
                stream.end();
            }
            return terms;
        }

        Query textQuery(QueryRow row) throws IOException {
            if (row.op().equals("BROWSE")) return new MatchAllDocsQuery();
            List<String> terms = terms(row.words());
            if (row.op().equals("PHRASE")) return new PhraseQuery(TEXT, terms.toArray(new String[0]));
            if (terms.size() == 1) return new TermQuery(new Term(TEXT, terms.get(0)));
            BooleanClause.Occur occur = row.op().equals("OR") ? BooleanClause.Occur.SHOULD : BooleanClause.Occur.MUST;
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            for (String term : terms) query.add(new TermQuery(new Term(TEXT, term)), occur);
            return query.build();
        }

        long dayAt(Double fraction) {
            return firstDay + Math.round(fraction * (lastDay - firstDay));
        }

        /**
         * One search: the page and the three facets' counts, and with `readPage` the page's
         * stored fields; returns the total of matches.
         */
        long search(QueryRow row, boolean readPage) throws IOException {
            DrillDownQuery query = new DrillDownQuery(config, textQuery(row));
            if (!row.country().isEmpty()) query.add(COUNTRY, row.country());
            if (row.f0() != null || row.f1() != null) {
                long from = row.f0() == null ? Long.MIN_VALUE : dayAt(row.f0());
                long to = row.f1() == null ? Long.MAX_VALUE : dayAt(row.f1());
                // Drilled down under the month facet's name, so that the months are counted
                // sideways: over the matches of the other filters, as Dateline counts dates.
                query.add(MONTH, LongPoint.newRangeQuery(DAY, from, to));
            }
            DrillSideways sideways = new DrillSideways(searcher, config, state);
            DrillSideways.DrillSidewaysResult result = row.op().equals("BROWSE")
                    ? sideways.search(query, null, null, size, new Sort(new SortField(DAY, SortField.Type.LONG, true)), false)
                    : sideways.search(query, size);
            int facetValues = 0;
            for (String dim : new String[] {COUNTRY, SPEAKER}) {
                FacetResult counts = result.facets.getTopChildren(facetSize, dim);
                if (counts != null) facetValues += counts.childCount;
            }
            FacetResult byMonth = result.facets.getTopChildren(months, MONTH);
            if (byMonth != null) facetValues += byMonth.childCount;
            long bytes = 0;
            if (readPage) for (ScoreDoc hit : result.hits.scoreDocs) {
                Document doc = searcher.doc(hit.doc);
                bytes += doc.get("title").length() + doc.get("body").length();
            }
            // Uses what was read, so that the JIT cannot drop the reading as dead code.
            if (bytes < 0 || facetValues < 0) throw new IllegalStateException("unreachable");
            return result.hits.totalHits.value;
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static void query(Path indexDir, Path queries, Map<String, String> options) throws Exception {
        int passes = Integer.parseInt(options.getOrDefault("--passes", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "3"));
        int threads = Integer.parseInt(options.getOrDefault("--threads", "2"));
        int size = Integer.parseInt(options.getOrDefault("--size", "10"));
        int facetSize = Integer.parseInt(options.getOrDefault("--facet-size", "10"));
        List<QueryRow> rows = loadQueries(queries);
        try (FSDirectory directory = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(directory)) {
            Engine engine = new Engine(reader, size, facetSize);
            System.out.printf("lucene: %d documents, %d segment(s), %d queries; %d warm-up passes (JIT), %d timed%n",
                    reader.numDocs(), reader.leaves().size(), rows.size(), warmup, passes);
            for (int pass = 0; pass < warmup; ++pass)
                for (QueryRow row : rows) engine.search(row, true);
            StringBuilder summary = new StringBuilder();
            long matches = measure("lucene", engine, rows, passes, true, summary);
            measure("lucene_ids", engine, rows, passes, false, summary);
            System.out.printf("matches per pass (sum of the queries' totals): %d%n", matches);
            summary.append(String.format("lucene.matches_per_pass=%d%n", matches));
            if (threads > 0) {
                double qps = throughput(engine, rows, passes, threads);
                System.out.printf("Lucene with %d threads: %.1f QPS%n", threads, qps);
                summary.append(String.format("lucene.threads=%d%nlucene.qps_threads=%.3f%n", threads, qps));
            }
            if (options.containsKey("--summary")) Files.writeString(Paths.get(options.get("--summary")), summary.toString());
        }
    }

    /** Times `passes` passes over the mix, prints the table and adds it to `summary`; returns matches a pass. */
    static long measure(String name, Engine engine, List<QueryRow> rows, int passes, boolean readPage,
                        StringBuilder summary) throws IOException {
        Map<String, List<Double>> byKind = new TreeMap<>();
        List<Double> all = new ArrayList<>();
        long matches = 0;
        long started = System.nanoTime();
        for (int pass = 0; pass < passes; ++pass) {
            for (QueryRow row : rows) {
                long t0 = System.nanoTime();
                matches += engine.search(row, readPage);
                double ms = (System.nanoTime() - t0) / 1e6;
                byKind.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(ms);
                all.add(ms);
            }
        }
        double qps = all.size() / ((System.nanoTime() - started) / 1e9);
        report(name, byKind, all, qps, summary);
        return matches / passes;
    }

    static double throughput(Engine engine, List<QueryRow> rows, int passes, int threads) throws Exception {
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; ++t) {
            final int offset = rows.size() * t / threads;
            Thread worker = new Thread(() -> {
                try {
                    for (int pass = 0; pass < passes; ++pass)
                        for (int i = 0; i < rows.size(); ++i) engine.search(rows.get((i + offset) % rows.size()), true);
                    done.addAndGet((long) rows.size() * passes);
                } catch (Exception e) {
                    synchronized (failures) { failures.add(e); }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) worker.join();
        if (!failures.isEmpty()) throw failures.get(0);
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    static void report(String name, Map<String, List<Double>> byKind, List<Double> all, double qps,
                       StringBuilder summary) {
        PrintStream out = System.out;
        out.printf("%n== %s: %d queries, %.1f QPS single-threaded, 0 errors%n", name, all.size(), qps);
        out.printf("%-16s%7s%10s%10s%10s%10s%10s  (ms)%n", "kind", "n", "mean", "p50", "p95", "p99", "max");
        Map<String, List<Double>> rows = new TreeMap<>(byKind);
        rows.put("~ALL", all);  // printed last
        for (Map.Entry<String, List<Double>> entry : rows.entrySet()) {
            String kind = entry.getKey().equals("~ALL") ? "ALL" : entry.getKey();
            double[] sorted = entry.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double mean = Arrays.stream(sorted).average().orElse(0);
            double p50 = percentile(sorted, 0.50), p95 = percentile(sorted, 0.95), p99 = percentile(sorted, 0.99);
            out.printf("%-16s%7d%10.3f%10.3f%10.3f%10.3f%10.3f%n", kind, sorted.length, mean, p50, p95, p99,
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
            summary.append(String.format("%1$s.%2$s.p50=%3$.6f%n%1$s.%2$s.p95=%4$.6f%n%1$s.%2$s.p99=%5$.6f%n%1$s.%2$s.mean=%6$.6f%n",
                    name, kind, p50, p95, p99, mean));
        }
        summary.append(String.format("%s.qps=%.3f%n", name, qps));
    }

    static void usage(PrintStream out) {
        out.println("usage: LuceneFacetBench index CORPUS.jsonl INDEX_DIR");
        out.println("       LuceneFacetBench query INDEX_DIR QUERIES.tsv [--passes N] [--warmup N] [--threads N]"
                + " [--size N] [--facet-size N] [--summary FILE]");
    }

    public static void main(String[] args) {
        try {
            if (args.length == 3 && args[0].equals("index")) {
                index(Paths.get(args[1]), Paths.get(args[2]));
            } else if (args.length >= 3 && args.length % 2 == 1 && args[0].equals("query")) {
                Map<String, String> options = new TreeMap<>();
                for (int i = 3; i < args.length; i += 2) {
                    if (!List.of("--passes", "--warmup", "--threads", "--size", "--facet-size", "--summary").contains(args[i])) {
                        System.err.println("LuceneFacetBench: unknown option " + args[i]);
                        usage(System.err);
                        System.exit(2);
                    }
                    options.put(args[i], args[i + 1]);
                }
                query(Paths.get(args[1]), Paths.get(args[2]), options);
            } else {
                usage(System.err);
                System.exit(2);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("LuceneFacetBench: no such file: " + e.getFile());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("LuceneFacetBench: " + (e instanceof IOException ? e.getMessage() : e.toString()));
            System.exit(1);
        }
    }
}
