package io.strata.pipeline.record;

/** One undecoded remote_write frame (snappy block + protobuf) and where it came from. */
public record RawFrame(String tenant, byte[] payload, String origin) {}
