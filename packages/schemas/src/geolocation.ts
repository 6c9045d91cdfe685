import { z } from 'zod';

/** A place as Omi returns it; when geocoding fails only the coordinates are kept. */
export const Geolocation = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  address: z.string().nullish(),
  google_place_id: z.string().nullish(),
  location_type: z.string().nullish(),
});
export type Geolocation = z.infer<typeof Geolocation>;

/** A place we send (`GeolocationInput`); the server checks the bounds before geocoding. */
export const GeolocationInput = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  address: z.string().nullish(),
  google_place_id: z.string().nullish(),
  location_type: z.string().nullish(),
});
export type GeolocationInput = z.infer<typeof GeolocationInput>;
