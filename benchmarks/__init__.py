"""The benchmark: a community generator and a runner that measures copkit against its floors."""
