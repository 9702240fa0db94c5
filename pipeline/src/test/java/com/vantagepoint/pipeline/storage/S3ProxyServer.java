package com.vantagepoint.pipeline.storage;

import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;

/** A real S3 endpoint on loopback: S3Proxy over an in-memory jclouds store, with the given buckets. */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    public static S3ProxyServer start(String... buckets) throws Exception {
        return start(ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class), buckets);
    }

    /** Objects kept as files under {@code basedir/<bucket>/<key>}, where another program can read what s3a wrote. */
    public static S3ProxyServer startOnDisk(java.nio.file.Path basedir, String... buckets) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("jclouds.filesystem.basedir", basedir.toString());
        return start(ContextBuilder.newBuilder("filesystem").credentials("identity", "credential").overrides(p)
                .build(BlobStoreContext.class), buckets);
    }

    private static S3ProxyServer start(BlobStoreContext context, String... buckets) throws Exception {
        BlobStore store = context.getBlobStore();
        for (String bucket : buckets) {
            store.createContainerInLocation(null, bucket); // s3a never creates buckets
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return new S3ProxyServer(context, proxy);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /**
     * Points one bucket of {@code conf} at {@code endpoint} with per-bucket keys, leaving every other bucket (and the
     * test JVM's other users of the shared Spark session) untouched.
     */
    public static void routeBucket(Configuration conf, String bucket, String endpoint) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        conf.set(prefix + "endpoint", endpoint);
        conf.set(prefix + "access.key", ACCESS_KEY);
        conf.set(prefix + "secret.key", SECRET_KEY);
        conf.set(prefix + "path.style.access", "true");
        conf.set(prefix + "connection.ssl.enabled", "false");
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
