export interface HostOriginOptions {
  /** Host header values accepted, e.g. "127.0.0.1:7420". */
  allowedHosts: string[];
  /** Origin header values accepted when a browser sends one, e.g. "http://localhost:7420". */
  allowedOrigins: string[];
}

/** The hosts and origins a loopback server on `port` answers to. */
export function loopbackAllowList(port: number): HostOriginOptions {
  const hosts = ["127.0.0.1", "localhost", "[::1]"].map((host) => `${host}:${port}`);
  return { allowedHosts: hosts, allowedOrigins: hosts.map((host) => `http://${host}`) };
}
