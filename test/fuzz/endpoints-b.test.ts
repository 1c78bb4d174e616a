import { defineFuzzSuite } from "./suite";

defineFuzzSuite(1, 3);
