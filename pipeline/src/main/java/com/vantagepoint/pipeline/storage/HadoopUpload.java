package com.vantagepoint.pipeline.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

/**
 * Copies folders of a local directory to a Hadoop URI ({@code s3a://bucket/prefix}, {@code hdfs://...}) through
 * the Hadoop FileSystem API, replacing what was there before so runs do not mix.
 */
public final class HadoopUpload {
    private final URI target;
    private final FileSystem fs;

    private HadoopUpload(URI target, FileSystem fs) {
        this.target = target;
        this.fs = fs;
    }

    /** Connects to the target's file system; for s3a this checks that the bucket exists and is reachable. */
    public static HadoopUpload to(String targetUri, Configuration conf) {
        URI target = URI.create(targetUri.endsWith("/") ? targetUri.substring(0, targetUri.length() - 1) : targetUri);
        try {
            return new HadoopUpload(target, FileSystem.get(target, conf));
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(targetUri, e);
        }
    }

    /** Replaces {@code <target>/<folder>} with {@code <local>/<folder>} for each folder that exists locally. */
    public void replaceFolders(java.nio.file.Path local, List<String> folders) {
        for (String folder : folders) {
            java.nio.file.Path source = local.resolve(folder);
            Path destination = new Path(target + "/" + folder);
            try {
                fs.delete(destination, true);
                if (Files.isDirectory(source)) {
                    fs.copyFromLocalFile(false, true, new Path(source.toUri()), destination);
                }
            } catch (IOException | RuntimeException e) {
                throw StorageErrors.failure(destination.toString(), e);
            }
        }
    }

    public URI target() {
        return target;
    }
}
