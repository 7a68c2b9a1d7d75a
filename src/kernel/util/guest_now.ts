// The guest's wall clock as a function (what tmpfs stamps files with), made by a recipe so a
// snapshot can save it as "the World's clock" rather than as an opaque closure.
import { recipe, type World } from "../../ostd/index.js";

export const guestNow = recipe("kernel.guestNow", (world: World) => (): bigint => world.realtimeNs());
