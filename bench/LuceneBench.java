// SPDX-License-Identifier: MIT
// Java Lucene 8 peer of bench/run.sh (compiled at run time against Debian's liblucene8-java):
// FrenchAnalyzer, one thread, default IndexWriterConfig, replace by id like veille.
// Usage: java -cp lucene-core.jar:lucene-analyzers-common.jar:. LuceneBench CORPUS.tsv DIR
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ++i) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) { b.append(c); continue; }
            char n = s.charAt(++i);
            b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
        }
        return b.toString();
    }

    static long dirBytes(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static long peakRssKb() throws Exception {
        for (String l : Files.readAllLines(Paths.get("/proc/self/status")))
            if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        return 0;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[1]);
        long docs = 0, bytes = 0;
        long t0 = System.nanoTime();
        try (FSDirectory fsd = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(fsd, new IndexWriterConfig(new FrenchAnalyzer())
                     .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
             BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                String title = unescape(f[4]), body = unescape(f[5]);
                bytes += title.getBytes(StandardCharsets.UTF_8).length
                       + body.getBytes(StandardCharsets.UTF_8).length;
                Document d = new Document();
                String id = unescape(f[0]);
                d.add(new StringField("id", id, Field.Store.YES));
                d.add(new StringField("date", unescape(f[1]), Field.Store.YES));
                d.add(new StringField("source", unescape(f[2]), Field.Store.YES));
                d.add(new TextField("title", title, Field.Store.YES));
                d.add(new TextField("body", body, Field.Store.YES));
                w.updateDocument(new Term("id", id), d);
                ++docs;
            }
            w.commit();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        long rss = peakRssKb();
        long size = dirBytes(dir);
        try (FSDirectory fsd = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(fsd, new IndexWriterConfig(new FrenchAnalyzer()))) {
            w.forceMerge(1);
        }
        long compact = dirBytes(dir);
        System.out.printf(java.util.Locale.ROOT,
            "{\"engine\":\"lucene\",\"docs\":%d,\"bytes\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"peak_rss_kb\":%d,"
            + "\"index_bytes\":%d,\"compact_bytes\":%d}%n", docs, bytes, seconds, cpu, rss, size, compact);
    }
}
