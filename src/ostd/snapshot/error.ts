/** A snapshot cannot be taken (the state holds something that cannot be saved) or cannot be
 *  restored (corrupt, truncated, from another build). The message says which and where. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}
