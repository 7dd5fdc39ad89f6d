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
    return (await this.#requester.call("createPartnerClient", { body: params }, options)).data;
  }

  /** One client of this partner; another partner's client is a `NotFoundError` too. */
  async get(clientEntityId: string, options?: RequestOptions): Promise<PartnerClient> {
    return (await this.#requester.call("getPartnerClient", { path: { clientEntityId } }, options)).data;
  }

  /** One page of clients, newest first, with the cursor of the next page (from the `Link` header). */
  async listPage(query: ListClientsQuery = {}, options?: RequestOptions): Promise<Page<PartnerClient>> {
    const { body, response } = await this.#requester.exchange("listPartnerClients", { query }, options);
    return { items: body.data, nextCursor: nextPageAfter(response.headers.get("link")) };
  }

  /** Every client across pages, as an async iterable; `pageAfter` starts after a cursor. Checked at once. */
  list(query: ListClientsQuery = {}, options?: RequestOptions): Paginator<PartnerClient> {
    this.#requester.check("listPartnerClients", { query }, options);
    return new Paginator((cursor) => this.listPage(cursor === undefined ? query : { ...query, pageAfter: cursor }, options), query.pageAfter);
  }
}
