import { describe, expect, it } from 'vitest';
import { searchProjects } from '../../src/model/project-search.js';

describe('project search (dashboard, project selector and the server page search)', () => {
  const items = [
    { name: 'visualhive-prod', description: 'Conference search' },
    { name: 'Shop API', description: 'Orders and payments' },
    { name: 'café', description: 'Menu' },
  ];

  it('matches every word in name or description, ignoring case and accents', () => {
    expect(searchProjects(items, 'SEARCH').map((i) => i.name)).toEqual(['visualhive-prod']);
    expect(searchProjects(items, 'shop payments').map((i) => i.name)).toEqual(['Shop API']);
    expect(searchProjects(items, 'cafe').map((i) => i.name)).toEqual(['café']);
    expect(searchProjects(items, 'CAFÉ menu').map((i) => i.name)).toEqual(['café']);
    expect(searchProjects(items, '  ')).toBe(items);
    expect(searchProjects(items, 'nothing')).toEqual([]);
  });

  it('needs every word, not any of them', () => {
    expect(searchProjects(items, 'shop menu')).toEqual([]);
  });
});
