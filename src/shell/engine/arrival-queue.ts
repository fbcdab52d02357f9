/**
 * FIFO of arrivals waiting for an in-flight slot: two typed-array rings (intended time, scenario)
 * that grow by doubling, so a long stall queues without per-arrival objects.
 */
export class ArrivalQueue {
  private intended = new Float64Array(1024);
  private scenario = new Uint32Array(1024);
  private head = 0;
  size = 0;

  /** @param maxSize beyond this, `push` refuses (the caller drops and counts). */
  constructor(private readonly maxSize: number) {}

  push(scenario: number, intendedMs: number): boolean {
    if (this.size >= this.maxSize) return false;
    if (this.size === this.intended.length) this.grow();
    const tail = (this.head + this.size) % this.intended.length;
    this.intended[tail] = intendedMs;
    this.scenario[tail] = scenario;
    this.size++;
    return true;
  }

  /** Removes the oldest arrival and passes it to `use`; false when empty. */
  shift(use: (scenario: number, intendedMs: number) => void): boolean {
    if (this.size === 0) return false;
    const i = this.head;
    this.head = (this.head + 1) % this.intended.length;
    this.size--;
    use(this.scenario[i] as number, this.intended[i] as number);
    return true;
  }

  private grow(): void {
    const capacity = this.intended.length * 2;
    const intended = new Float64Array(capacity);
    const scenario = new Uint32Array(capacity);
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) % this.intended.length;
      intended[k] = this.intended[i] as number;
      scenario[k] = this.scenario[i] as number;
    }
    this.intended = intended;
    this.scenario = scenario;
    this.head = 0;
  }
}
