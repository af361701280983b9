/** One downloadable file generated from the access model. */
export interface Artefact {
  /** Relative path inside the download, e.g. `policies/ReadRolesForFNMS.json`. */
  path: string;
  title: string;
  description: string;
  mediaType: string;
  content: string;
}
