/** How the engine reads the files that `$ref`s point at; the engine itself never touches a disk. */
export interface FileHost {
  /** Returns undefined when the file does not exist or cannot be read. */
  readFile(path: string): string | undefined;
}
