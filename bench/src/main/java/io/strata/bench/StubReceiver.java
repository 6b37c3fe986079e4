package io.strata.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote_write receiver that costs nothing, for measuring Strata rather than the receiver:
 * {@code accept} answers every request 204, {@code refuse-too-old} answers 400 {@code out of
 * bounds}, as Prometheus does to samples older than its head minus one hour.
 *
 * <p>{@code java -cp ... io.strata.bench.StubReceiver PORT accept|refuse-too-old} serves
 * {@code POST /api/v1/write} on 127.0.0.1 until killed and prints the requests and bytes it got
 * every 10 s.
 */
public final class StubReceiver {

    private StubReceiver() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[1].equals("accept") || args[1].equals("refuse-too-old"))) {
            System.err.println("usage: StubReceiver PORT accept|refuse-too-old");
            System.exit(2);
        }
        boolean accept = args[1].equals("accept");
        byte[] refusal = "out of bounds".getBytes(StandardCharsets.UTF_8);
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/write", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
            }
            requests.incrementAndGet();
            if (accept) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.sendResponseHeaders(400, refusal.length);
                exchange.getResponseBody().write(refusal);
            }
            exchange.close();
        });
        server.start();
        System.out.println("stub receiver (" + args[1] + ") on http://127.0.0.1:" + args[0] + "/api/v1/write");
        while (true) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.printf("stub receiver: %,d requests, %,d bytes%n", requests.get(), bytes.get());
        }
    }
}
