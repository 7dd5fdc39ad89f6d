// Partner clients: create one (with its draft application), read one, list them.
import type { operations } from "../../generated/openapi.js";
import type { RequestOptions } from "../options.js";
import { nextPageAfter, type Page, Paginator } from "../pagination.js";
import type { Requester } from "../request.js";
import type { CreateClientParams, CreatedClient, PartnerClient } from "../types.js";

/** Query of the clients list: `pageSize` (1–100, default 50) and the `pageAfter` cursor. */
export type ListClientsQuery = NonNullable<operations["listPartnerClients"]["parameters"]["query"]>;

/** `circle.clients`: the partner's client entities. */
export class ClientsResource {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** Creates a client entity and its draft application; a duplicate name in a country is a `ConflictError`. */
  async create(params: CreateClientParams, options?: RequestOptions): Promise<CreatedClient> {
    const body = await this.#requester.post("createPartnerClient", { body: params }, options, (init) =>
      this.#requester.client.POST("/v1/partner/clients", { ...init, params: { header: { "X-Idempotency-Key": init.idempotencyKey } }, body: params }),
    );
    return body.data;
  }

  /** One client of this partner; another partner's client is a `NotFoundError` too. */
  async get(clientEntityId: string, options?: RequestOptions): Promise<PartnerClient> {
    const args = { path: { clientEntityId } };
    const body = await this.#requester.send("getPartnerClient", args, options, (init) =>
      this.#requester.client.GET("/v1/partner/clients/{clientEntityId}", { ...init, params: args }),
    );
    return body.data;
  }

  /** One page of clients, newest first, with the cursor of the next page (from the `Link` header). */
  async listPage(query: ListClientsQuery = {}, options?: RequestOptions): Promise<Page<PartnerClient>> {
    let link: string | null = null;
    const body = await this.#requester.send("listPartnerClients", { query }, options, async (init) => {
      const result = await this.#requester.client.GET("/v1/partner/clients", { ...init, params: { query } });
      link = result.response.headers.get("link");
      return result;
    });
    return { items: body.data, nextCursor: nextPageAfter(link) };
  }

  /** Every client across pages, as an async iterable; `pageAfter` starts after a cursor. Checked at once. */
  list(query: ListClientsQuery = {}, options?: RequestOptions): Paginator<PartnerClient> {
    this.#requester.check("listPartnerClients", { query }, options);
    return new Paginator((cursor) => this.listPage(cursor === undefined ? query : { ...query, pageAfter: cursor }, options), query.pageAfter);
  }
}
