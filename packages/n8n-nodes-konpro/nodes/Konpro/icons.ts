/**
 * n8n resolves a node's `file:` icons relative to its entry file (Konpro.node.ts), for every version,
 * so every version's description names this one value; the files sit beside the entry file.
 */
export const konproIcon = { light: 'file:konpro.svg', dark: 'file:konpro.dark.svg' } as const;
