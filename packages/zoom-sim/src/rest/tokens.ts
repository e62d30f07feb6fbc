import { randomBytes } from 'node:crypto';

/** Issued bearer tokens with their expiry; `expireAll` lets tests force a refresh. */
export class TokenStore {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly ttlSec: number) {}

  issue(now: number): { token: string; expiresIn: number } {
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, now + this.ttlSec * 1000);
    return { token, expiresIn: this.ttlSec };
  }

  isValid(token: string | undefined, now: number): boolean {
    if (!token) return false;
    const exp = this.tokens.get(token);
    return exp !== undefined && exp > now;
  }

  expireAll(): void {
    this.tokens.clear();
  }
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
