const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every entity id is a UUID; a string that is not one cannot name anything and is answered as unknown. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
