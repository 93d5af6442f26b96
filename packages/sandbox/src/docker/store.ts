import { type FakeContainer, type FakeImage, seedContainers, seedImages } from "./data.js";

/** One pushed manifest in the fake registry. */
export interface StoredManifest {
  text: string;
  digest: string;
  config: { digest: string; text: string };
}

/** The fake engine's images and containers, and the fake registry's repositories. */
export class DockerStore {
  readonly images: FakeImage[] = seedImages();
  readonly containers: FakeContainer[] = seedContainers();
  /** repository -> tag -> manifest */
  readonly repositories = new Map<string, Map<string, StoredManifest>>();

  /** An image by id (full or short, with or without sha256:) or by repository[:tag]. */
  findImage(reference: string): FakeImage | undefined {
    const ref = reference.replace(/^sha256:/, "");
    const tagged = /:[^/]+$/.test(reference) ? reference : `${reference}:latest`;
    return this.images.find(
      (image) =>
        (ref.length >= 12 && /^[a-f0-9]+$/.test(ref) && image.Id.slice(7).startsWith(ref)) ||
        image.RepoTags.includes(tagged) ||
        image.RepoDigests.includes(reference),
    );
  }

  /** Moves a tag to an image, taking it off any other (as the engine does). */
  tag(image: FakeImage, tag: string): void {
    for (const other of this.images) other.RepoTags = other.RepoTags.filter((t) => t !== tag);
    image.RepoTags.push(tag);
  }

  add(image: FakeImage): void {
    const tags = [...image.RepoTags];
    const existing = this.images.find((candidate) => candidate.Id === image.Id);
    const target = existing ?? image;
    if (!existing) {
      target.RepoTags = [];
      this.images.push(target);
    }
    for (const tag of tags) this.tag(target, tag);
  }

  findContainer(idOrName: string): FakeContainer | undefined {
    return this.containers.find(
      (c) => c.Id.startsWith(idOrName) || c.Names.includes(`/${idOrName}`),
    );
  }
}
