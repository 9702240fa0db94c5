package com.vantagepoint.api;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.util.Map;

/**
 * A real S3 endpoint on loopback for the pipeline subprocesses of a test: S3Proxy over an in-memory store with one
 * bucket. (The pipeline's own tests have a richer helper beside Spark; this module has no Hadoop to route buckets.)
 */
final class S3Endpoint implements AutoCloseable {
    private static final String ACCESS_KEY = "api-test-access-key";
    private static final String SECRET_KEY = "api-test-secret-key";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private S3Endpoint(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    static S3Endpoint start(String bucket) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, bucket); // s3a never creates buckets
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0")).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return new S3Endpoint(context, proxy);
    }

    /** The standard AWS variables a user sets for an S3-compatible service, as the pipeline reads them. */
    Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + proxy.getPort(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1");
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
