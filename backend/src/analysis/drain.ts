import { isPlaceholder } from './message-masking';

/**
 * Drain (He et al., ICWS 2017): online log template mining with a fixed-depth prefix tree.
 * Messages are routed by token count, then by their first tokens, to a small leaf of
 * candidate clusters; the most similar one above the threshold absorbs the message and
 * its template turns the differing positions into `<*>`. Memory is bounded: beyond
 * `maxClusters` the least recently used cluster is evicted (the caller is told, so it can
 * count it in an "other" bucket) and its empty tree branch is pruned.
 */

export const WILDCARD = '<*>';

export interface DrainOptions {
  /** Tree depth including the root and the token-count level (>= 3). */
  depth: number;
  /** Share of equal tokens (0..1) a message needs to join a cluster. */
  similarityThreshold: number;
  /** Children per inner node; further distinct tokens share the `<*>` branch. */
  maxChildren: number;
  maxClusters: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = { depth: 4, similarityThreshold: 0.5, maxChildren: 100, maxClusters: 1000 };

export interface LogCluster {
  readonly id: number;
  /** The template, token by token (`<*>` where members differ). */
  tokens: string[];
  /** Messages absorbed since creation. */
  size: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: InternalCluster[];
}

interface InternalCluster extends LogCluster {
  /** Parent nodes and keys from the root to the leaf, to prune the branch on eviction. */
  path: Array<{ parent: TreeNode; key: string }>;
}

const newNode = (): TreeNode => ({ children: new Map(), clusters: [] });

/** Tokens that vary (numbers, placeholders) route to the shared wildcard branch. */
const routingKey = (token: string): string => (isPlaceholder(token) || /\d/.test(token) ? WILDCARD : token);

export class Drain {
  private readonly options: DrainOptions;
  private readonly root = newNode();
  /** Insertion order = recency order: a hit moves the cluster to the end. */
  private readonly byRecency = new Map<number, InternalCluster>();
  private nextId = 1;

  constructor(
    options: Partial<DrainOptions> = {},
    private readonly onEvict: (cluster: LogCluster) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_DRAIN_OPTIONS, ...options };
    if (this.options.depth < 3) throw new Error('Drain depth must be at least 3');
  }

  get clusterCount(): number {
    return this.byRecency.size;
  }

  clusters(): LogCluster[] {
    return [...this.byRecency.values()];
  }

  /** Learns from one message (already masked into tokens); returns the cluster it joined. */
  add(tokens: string[]): LogCluster {
    const leaf = this.descend(tokens, true)!;
    const best = this.mostSimilar(leaf.clusters, tokens, false);
    if (best) {
      for (let i = 0; i < tokens.length; i++) if (best.tokens[i] !== tokens[i]) best.tokens[i] = WILDCARD;
      best.size++;
      this.touch(best);
      return best;
    }
    // The path is recorded only for new clusters: the common case allocates nothing.
    const path: InternalCluster['path'] = [];
    this.descend(tokens, false, path);
    const cluster: InternalCluster = { id: this.nextId++, tokens: [...tokens], size: 1, path };
    leaf.clusters.push(cluster);
    this.byRecency.set(cluster.id, cluster);
    if (this.byRecency.size > this.options.maxClusters) this.evictLeastRecent();
    return cluster;
  }

  /** The cluster a message belongs to, without learning from it (wildcards count as equal). */
  match(tokens: string[]): LogCluster | undefined {
    const leaf = this.descend(tokens, false);
    return leaf && this.mostSimilar(leaf.clusters, tokens, true);
  }

  /**
   * Walks (and, when learning, grows) the tree to the leaf for these tokens; undefined when
   * a branch is missing. A walk without growing takes the same turns as the growing walk
   * that built the branch, so it can record the path afterwards.
   */
  private descend(tokens: string[], grow: boolean, path?: InternalCluster['path']): TreeNode | undefined {
    let node = this.root;
    const levels = 1 + Math.min(tokens.length, this.options.depth - 2);
    for (let level = 0; level < levels; level++) {
      let key = level === 0 ? String(tokens.length) : routingKey(tokens[level - 1]!);
      let child = node.children.get(key);
      if (!child && level > 0 && !grow) {
        key = WILDCARD;
        child = node.children.get(key);
      }
      if (!child) {
        if (!grow) return undefined;
        // A full node sends newcomers down the shared wildcard branch.
        if (level > 0 && node.children.size >= this.options.maxChildren) key = WILDCARD;
        child = node.children.get(key) ?? newNode();
        node.children.set(key, child);
      }
      path?.push({ parent: node, key });
      node = child;
    }
    return node;
  }

  private mostSimilar(candidates: InternalCluster[], tokens: string[], wildcardsMatch: boolean): InternalCluster | undefined {
    let best: InternalCluster | undefined;
    let bestSimilarity = -1;
    let bestWildcards = -1;
    for (const cluster of candidates) {
      let equal = 0;
      let wildcards = 0;
      for (let i = 0; i < tokens.length; i++) {
        const templateToken = cluster.tokens[i];
        if (templateToken === WILDCARD) {
          wildcards++;
          if (wildcardsMatch) equal++;
        } else if (templateToken === tokens[i]) equal++;
      }
      // An empty message is similar to the empty template only.
      const similarity = tokens.length === 0 ? 1 : equal / tokens.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && wildcards > bestWildcards)) {
        best = cluster;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return best && bestSimilarity >= this.options.similarityThreshold ? best : undefined;
  }

  private touch(cluster: InternalCluster): void {
    this.byRecency.delete(cluster.id);
    this.byRecency.set(cluster.id, cluster);
  }

  private evictLeastRecent(): void {
    const [id, cluster] = this.byRecency.entries().next().value as [number, InternalCluster];
    this.byRecency.delete(id);
    const last = cluster.path[cluster.path.length - 1]!;
    const leaf = last.parent.children.get(last.key)!;
    leaf.clusters.splice(leaf.clusters.indexOf(cluster), 1);
    // Prune the branch bottom-up while nodes are empty, so the tree stays bounded too.
    for (let i = cluster.path.length - 1; i >= 0; i--) {
      const { parent, key } = cluster.path[i]!;
      const child = parent.children.get(key)!;
      if (child.children.size > 0 || child.clusters.length > 0) break;
      parent.children.delete(key);
    }
    this.onEvict(cluster);
  }
}

/** The template as text. */
export const templateText = (cluster: LogCluster): string => cluster.tokens.join(' ');
