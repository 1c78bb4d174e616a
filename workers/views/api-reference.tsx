import { Layout } from "./layout";

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** A readable API reference rendered from the OpenAPI document, without JavaScript. */
export function ApiReferencePage({ doc }: { doc: OpenApiDocument }) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, op: item[method] }] : [])),
  );
  return (
    <Layout title="Dokumentasi API" wide>
      <h1>
        {doc.info.title} <small>{doc.info.version}</small>
      </h1>
      <p>{doc.info.description}</p>
      <p>
        Dokumen mesin: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)
      </p>
      {operations.map(({ path, method, op }) => (
        <section class="op" id={`${method}-${path}`}>
          <h2>
            <span class="method">{method}</span> <code>{path}</code>
          </h2>
          {op.summary ? <p>{op.summary}</p> : null}
          {op.description ? <p>{op.description}</p> : null}
          {op.parameters?.length ? (
            <table>
              <thead>
                <tr>
                  <th>Parameter</th>
                  <th>Di</th>
                  <th>Wajib</th>
                  <th>Skema</th>
                </tr>
              </thead>
              <tbody>
                {op.parameters.map((p) => (
                  <tr>
                    <td data-label="Parameter">
                      <code>{p.name}</code>
                    </td>
                    <td data-label="Di">{p.in}</td>
                    <td data-label="Wajib">{p.required ? "ya" : "tidak"}</td>
                    <td data-label="Skema">
                      <code>{JSON.stringify(p.schema ?? {})}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {op.requestBody?.content
            ? Object.entries(op.requestBody.content).map(([media, body]) => (
                <details>
                  <summary>Isi permintaan ({media})</summary>
                  <pre>{JSON.stringify(body.schema ?? {}, null, 2)}</pre>
                </details>
              ))
            : null}
          <ul>
            {Object.entries(op.responses ?? {}).map(([status, r]) => (
              <li>
                <code>{status}</code> {r.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
