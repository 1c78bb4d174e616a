import { defineFuzzSuite } from "./suite";

defineFuzzSuite(0, 3);
