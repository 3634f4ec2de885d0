/**
 * How server 0 starts: it bootstraps a new cluster (no `server:` in its config.yaml), or it
 * joins the existing cluster through the endpoint like every other server.
 */
export class Rke2Bootstrap {
  /** Server 0 starts a new, empty cluster (what a first deployment needs). */
  public static newCluster(): Rke2Bootstrap {
    return new Rke2Bootstrap(true);
  }

  /**
   * Every server, server 0 included, joins `https://<endpoint>:9345`: switch to this once the
   * cluster runs, so that a re-created server 0 joins the cluster instead of starting an empty one.
   */
  public static existingCluster(): Rke2Bootstrap {
    return new Rke2Bootstrap(false);
  }

  private constructor(
    /** Server 0 starts a new cluster. */
    public readonly startsNewCluster: boolean,
  ) {}
}
