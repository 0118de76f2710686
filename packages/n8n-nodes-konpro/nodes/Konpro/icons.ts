/**
 * n8n resolves a node's `file:` icons relative to its entry file (Konpro.node.ts), for every version:
 * its base description names this value and every version spreads it; the files sit beside it.
 */
export const konproIcon = { light: 'file:konpro.svg', dark: 'file:konpro.dark.svg' } as const;
